package dev.orbiter.train.client.avro;

import dev.orbiter.train.avro.TrajectoryStep;

/**
 * Shallow copies of steps with a field changed. The generated Builder deep-copies nested records
 * through the generated model, which resolves classes with a class loader that, in Quarkus dev and
 * test mode, is not the one that loaded them (a ClassCastException between two copies of
 * ChatMessage); the curation never mutates nested values, so sharing them is safe and cheaper.
 */
public final class StepCopies {

    private StepCopies() {
    }

    /** A copy of {@code step} with {@code field} set to {@code value}; nested values are shared. */
    public static TrajectoryStep with(TrajectoryStep step, String field, Object value) {
        TrajectoryStep copy = new TrajectoryStep();
        int n = TrajectoryStep.getClassSchema().getFields().size();
        for (int i = 0; i < n; i++) {
            copy.put(i, step.get(i));
        }
        copy.put(field, value);
        return copy;
    }

    /** A copy of any generated record with some fields changed; nested values are shared (see above). */
    @SuppressWarnings("unchecked")
    public static <T extends org.apache.avro.specific.SpecificRecordBase> T with(T record, java.util.Map<String, ?> changes) {
        T copy;
        try {
            copy = (T) record.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getName(), e);
        }
        int n = record.getSchema().getFields().size();
        for (int i = 0; i < n; i++) {
            copy.put(i, record.get(i));
        }
        changes.forEach(copy::put);
        return copy;
    }
}
