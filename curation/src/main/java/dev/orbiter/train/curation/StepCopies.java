package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;

/**
 * Shallow copies of steps with a field changed. The generated Builder deep-copies nested records
 * through the generated model, which resolves classes with a class loader that, in Quarkus dev and
 * test mode, is not the one that loaded them (a ClassCastException between two copies of
 * ChatMessage); the topology never mutates nested values, so sharing them is safe and cheaper.
 */
final class StepCopies {

    private StepCopies() {
    }

    static TrajectoryStep with(TrajectoryStep step, String field, Object value) {
        TrajectoryStep copy = new TrajectoryStep();
        int n = TrajectoryStep.getClassSchema().getFields().size();
        for (int i = 0; i < n; i++) {
            copy.put(i, step.get(i));
        }
        copy.put(field, value);
        return copy;
    }
}
