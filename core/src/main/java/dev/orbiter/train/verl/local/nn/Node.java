package dev.orbiter.train.verl.local.nn;

/**
 * A value on a {@link Tape}: a row-major {@code rows x cols} matrix of activations and, once
 * the tape runs backward, its gradient. Parameters are not nodes: ops read them from the model's
 * flat weight vector by {@link Slice}.
 */
public final class Node {

    final int rows;
    final int cols;
    final double[] v;
    double[] g;

    Node(int rows, int cols) {
        this(rows, cols, new double[rows * cols]);
    }

    Node(int rows, int cols, double[] values) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " node needs " + rows * cols + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.v = values;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The value at (row, col). */
    public double get(int row, int col) {
        return v[row * cols + col];
    }

    /** A copy of the values, row-major. */
    public double[] values() {
        return v.clone();
    }

    /** The gradient buffer, allocated on first use. */
    double[] grad() {
        if (g == null) {
            g = new double[v.length];
        }
        return g;
    }
}
