package dev.orbiter.train.client;

import dev.orbiter.train.client.config.KnownKeys;
import java.util.List;
import java.util.Map;

/**
 * The topic catalogue of the platform. Every name, partition count and replication factor has a
 * default and can be overridden by configuration:
 * {@code orbiter.topics.partitions}, {@code orbiter.topics.replication-factor} (all topics) and
 * {@code orbiter.topics.<key>.name|partitions|replication-factor} per topic, with keys
 * {@code steps}, {@code rewards}, {@code dataset-snapshots}, {@code training-jobs},
 * {@code training-status}, {@code training-metrics}; {@code orbiter.topics.dataset-prefix} and
 * {@code orbiter.topics.dlq-prefix} name the per-dataset and per-application topics, and
 * {@code orbiter.topics.snapshot-prefix} the frozen snapshots' topics.
 *
 * <p>{@code orbiter.steps} and {@code orbiter.rewards} are the system of record ({@code orbiter
 * replay} rebuilds every dataset from them), so they are created with {@code retention.ms=-1};
 * {@code orbiter.topics.<key>.retention-ms} bounds them (and any other topic) explicitly.
 */
public final class Topics {

    public static final String STEPS = "orbiter.steps";
    public static final String REWARDS = "orbiter.rewards";
    public static final String CAPTURED_CALLS = "orbiter.captured-calls";
    public static final String DATASET_PREFIX = "orbiter.dataset.";
    public static final String DATASET_SNAPSHOTS = "orbiter.dataset-snapshots";
    public static final String TRAINING_JOBS = "orbiter.training.jobs";
    public static final String TRAINING_STATUS = "orbiter.training.status";
    public static final String TRAINING_METRICS = "orbiter.training.metrics";
    public static final String DLQ_PREFIX = "orbiter.dlq.";
    public static final String SNAPSHOT_PREFIX = "orbiter.snapshot.";
    /** Kept forever: a topic with this retention never expires on its own. */
    static final Map<String, String> FOREVER = Map.of("retention.ms", "-1", "retention.bytes", "-1");

    private static final String P = "orbiter.topics.";

    private final Map<String, String> config;
    private final int defaultPartitions;
    private final short defaultReplication;

    private Topics(Map<String, String> config) {
        this.config = Map.copyOf(config);
        this.defaultPartitions = Integer.parseInt(config.getOrDefault(P + "partitions", "3"));
        this.defaultReplication = Short.parseShort(config.getOrDefault(P + "replication-factor", "1"));
    }

    /** Every {@code orbiter.topics.*} setting the catalogue reads; anything else under that prefix is a mistake. */
    public static KnownKeys knownKeys() {
        List<String> t = new java.util.ArrayList<>(List.of(P + "partitions", P + "replication-factor", P + "dataset-prefix",
                P + "dlq-prefix", P + "snapshot-prefix", P + "snapshot.replication-factor"));
        for (String key : List.of("steps", "rewards", "captured-calls", "dataset-snapshots", "training-jobs", "training-status",
                "training-metrics", "dataset.*", "dlq.*")) {
            for (String field : List.of("name", "partitions", "replication-factor", "retention-ms")) {
                t.add(P + key + "." + field);
            }
        }
        return KnownKeys.of(t);
    }

    /** The catalogue with every default. */
    public static Topics defaults() {
        return new Topics(Map.of());
    }

    /** The catalogue with overrides from configuration. */
    public static Topics fromConfig(Map<String, String> config) {
        return new Topics(config);
    }

    /**
     * The catalogue from a service's configuration: every {@code orbiter.topics.*} name among
     * {@code names}, with its value ({@code value} applies environment overrides and profiles).
     */
    public static Topics fromNames(Iterable<String> names, java.util.function.Function<String, String> value) {
        Map<String, String> c = new java.util.HashMap<>();
        for (String n : names) {
            if (n.startsWith(P)) {
                String v = value.apply(n);
                if (v != null) {
                    c.put(n, v);
                }
            }
        }
        return new Topics(c);
    }

    /** This catalogue with one more setting, e.g. {@code with("orbiter.topics.steps.partitions", "6")}. */
    public Topics with(String key, String value) {
        Map<String, String> c = new java.util.HashMap<>(config);
        c.put(key, value);
        return new Topics(c);
    }

    /** Raw agent steps; key = task id, value = TrajectoryStep. */
    public TopicSpec steps() {
        return spec("steps", STEPS, TopicSpec.DELETE, "task id", "TrajectoryStep", FOREVER);
    }

    /** Late rewards; key = task id, value = RewardEvent. */
    public TopicSpec rewards() {
        return spec("rewards", REWARDS, TopicSpec.DELETE, "task id", "RewardEvent", FOREVER);
    }

    /**
     * Model calls and tool results captured without agent code (OTLP traces, the gateway); key =
     * task id, value = CapturedCall. Kept like the steps: it is what the steps were assembled from.
     */
    public TopicSpec capturedCalls() {
        return spec("captured-calls", CAPTURED_CALLS, TopicSpec.DELETE, "task id", "CapturedCall", FOREVER);
    }

    /** A curated dataset: compacted, key = the item's dedup key, value = TrajectoryStep. */
    public TopicSpec dataset(String datasetName) {
        String prefix = config.getOrDefault(P + "dataset-prefix", DATASET_PREFIX);
        return spec("dataset." + datasetName, prefix + datasetName, TopicSpec.COMPACT, "dedup key", "TrajectoryStep");
    }

    /**
     * The frozen items of one snapshot: one partition (its offset order is the snapshot's item
     * order), never compacted, never expiring; deleted only with the snapshot.
     */
    public TopicSpec snapshot(String snapshotId) {
        String prefix = config.getOrDefault(P + "snapshot-prefix", SNAPSHOT_PREFIX);
        short replication = Short.parseShort(config.getOrDefault(P + "snapshot.replication-factor",
                String.valueOf(defaultReplication)));
        return new TopicSpec(prefix + snapshotId, 1, replication, TopicSpec.DELETE, "dedup key", "TrajectoryStep", FOREVER);
    }

    /** Snapshot events; compacted, key = snapshot id, value = DatasetSnapshot. */
    public TopicSpec datasetSnapshots() {
        return spec("dataset-snapshots", DATASET_SNAPSHOTS, TopicSpec.COMPACT, "snapshot id", "DatasetSnapshot");
    }

    /** Submitted jobs; key = job id, value = TrainingJob. */
    public TopicSpec trainingJobs() {
        return spec("training-jobs", TRAINING_JOBS, TopicSpec.DELETE, "job id", "TrainingJob");
    }

    /** Job state changes; key = job id, value = JobStatus. */
    public TopicSpec trainingStatus() {
        return spec("training-status", TRAINING_STATUS, TopicSpec.DELETE, "job id", "JobStatus");
    }

    /** Training metrics; key = job id, value = TrainingMetric. */
    public TopicSpec trainingMetrics() {
        return spec("training-metrics", TRAINING_METRICS, TopicSpec.DELETE, "job id", "TrainingMetric");
    }

    /** Dead letters of one application; raw bytes with headers saying why. */
    public TopicSpec dlq(String application) {
        String prefix = config.getOrDefault(P + "dlq-prefix", DLQ_PREFIX);
        return spec("dlq." + application, prefix + application, TopicSpec.DELETE, "original key", "original bytes");
    }

    /** The platform-wide topics (not the per-dataset and per-application ones). */
    public List<TopicSpec> platformTopics() {
        return List.of(steps(), rewards(), capturedCalls(), datasetSnapshots(), trainingJobs(), trainingStatus(), trainingMetrics());
    }

    private TopicSpec spec(String key, String defaultName, String cleanup, String keyType, String valueType) {
        return spec(key, defaultName, cleanup, keyType, valueType, Map.of());
    }

    private TopicSpec spec(String key, String defaultName, String cleanup, String keyType, String valueType,
                           Map<String, String> defaultConfigs) {
        String name = config.getOrDefault(P + key + ".name", defaultName);
        int partitions = Integer.parseInt(config.getOrDefault(P + key + ".partitions",
                String.valueOf(defaultPartitions)));
        short replication = Short.parseShort(config.getOrDefault(P + key + ".replication-factor",
                String.valueOf(defaultReplication)));
        Map<String, String> configs = new java.util.LinkedHashMap<>(defaultConfigs);
        String retention = config.get(P + key + ".retention-ms");
        if (retention != null) {
            configs.put("retention.ms", retention);
            configs.remove("retention.bytes");
        }
        return new TopicSpec(name, partitions, replication, cleanup, keyType, valueType, configs);
    }
}
