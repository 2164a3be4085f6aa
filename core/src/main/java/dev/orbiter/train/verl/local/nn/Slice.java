package dev.orbiter.train.verl.local.nn;

/**
 * One named parameter matrix inside a model's flat weight vector: {@code rows x cols} values,
 * row-major, from {@code offset}. Keeping every parameter in one vector makes the optimiser,
 * the reference copy and checkpoints one array each.
 */
public record Slice(String name, int offset, int rows, int cols) {

    public int size() {
        return rows * cols;
    }
}
