package dev.orbiter.train.avro;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * The catalogue of Orbiter Train's top-level event schemas: the records that travel on topics
 * (steps, rewards, snapshots, jobs, statuses, metrics). Services register these with the schema
 * registry; the nested records (messages, tool calls, job configs) are inlined in them.
 */
public final class OrbiterSchemas {

    /** Every top-level event schema, in a stable order. */
    public static final List<Schema> EVENTS = List.of(
            TrajectoryStep.getClassSchema(),
            RewardEvent.getClassSchema(),
            DatasetSnapshot.getClassSchema(),
            TrainingJob.getClassSchema(),
            JobStatus.getClassSchema(),
            TrainingMetric.getClassSchema());

    private static final Map<String, Schema> BY_NAME = EVENTS.stream()
            .collect(Collectors.toUnmodifiableMap(Schema::getName, Function.identity()));

    private OrbiterSchemas() {
    }

    /**
     * The event schema with this simple name (e.g. {@code TrajectoryStep}).
     *
     * @throws IllegalArgumentException if no event schema has that name
     */
    public static Schema byName(String simpleName) {
        Schema schema = BY_NAME.get(simpleName);
        if (schema == null) {
            throw new IllegalArgumentException("unknown event schema '" + simpleName + "', known: " + BY_NAME.keySet());
        }
        return schema;
    }
}
