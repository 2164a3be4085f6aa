package dev.orbiter.train.curation;

/**
 * Every processor, state store and repartition topic of the curation topology has a stable name
 * from here, so a topology change never silently renames a changelog (which would lose state) and
 * tests, metrics and interactive queries refer to the same names as the topology.
 */
public final class CurationNames {

    /** The application whose dead letters go to {@code orbiter.dlq.stream-processor}. */
    public static final String DLQ_APPLICATION = "stream-processor";

    public static final String STEPS_SOURCE = "steps-source";
    public static final String REWARDS_SOURCE = "rewards-source";
    public static final String STEPS_DECODE = "steps-decode";
    public static final String REWARDS_DECODE = "rewards-decode";
    public static final String DECODED_MERGE = "decoded-merge";
    public static final String SPLIT = "decoded-";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String DLQ_ENCODE = "dlq-encode";
    /** Branch names of every split: records for the DLQ, and the rest. */
    public static final String DEAD_BRANCH = "dead";
    public static final String VALID_BRANCH = "valid";
    /** Branches of the placement split: records already on their task's partition, and the rest. */
    public static final String IN_PLACE_BRANCH = "in-place";
    public static final String MISPLACED_BRANCH = "misplaced";
    /** Roles of the two inputs, in the names of their placement stages. */
    public static final String STEPS = "steps";
    public static final String REWARDS = "rewards";
    public static final String REWARD_JOIN = "reward-join";

    /** Steps by id, with their wait deadline: the late-reward join and the step-id dedup. */
    public static final String STEPS_STORE = "reward-join-steps";
    /** (task, agent, step counter) to step id, for rewards that name a step by its counter. */
    public static final String COUNTER_INDEX_STORE = "reward-join-counters";
    /** Rewards that arrived before their step. */
    public static final String EARLY_REWARDS_STORE = "reward-join-early-rewards";
    /** Deadlines (grace ends, early-reward expiry) ordered by time, scanned by the punctuator. */
    public static final String TIMERS_STORE = "reward-join-timers";
    /** Counters of the shared stages (dead letters, duplicate ids, rewards). */
    public static final String COUNTS_STORE = "curation-counts";

    /** The call assembly: captured model calls and tool results become numbered steps. */
    public static final String CALLS_SOURCE = "captured-calls-source";
    public static final String CALLS_DECODE = "captured-calls-decode";
    public static final String CALLS_SPLIT = "captured-calls-";
    public static final String CALLS_DLQ_ENCODE = "captured-calls-dlq-encode";
    public static final String CALLS_DLQ_SINK = "captured-calls-dlq-sink";
    public static final String CALL_ASSEMBLY = "call-assembly";
    public static final String CALL_STEPS_SINK = "call-assembly-steps-sink";
    /** Per task: step counters per agent, ids written, calls waiting for the task to go quiet. */
    public static final String CALL_TASKS_STORE = "call-assembly-tasks";
    /** When each waiting task closes and each task's state expires, ordered by time. */
    public static final String CALL_TIMERS_STORE = "call-assembly-timers";
    /** Counters of the call assembly (its own store: sharing one would merge it with the join's sub-topology). */
    public static final String CALL_COUNTS_STORE = "call-assembly-counts";

    /** Header on a step re-emitted after a late reward: the dataset replaces its earlier version. */
    public static final String UPDATE_HEADER = "orbiter.update";
    /** Header on a re-emitted step that no longer qualifies: the dataset drops it (tombstone). */
    public static final String RETRACT_HEADER = "orbiter.retract";
    /** Across the by-group repartition: the dataset key (dedup key) of the record, whose topic key is its group. */
    public static final String DATASET_KEY_HEADER = "orbiter.dataset-key";

    private CurationNames() {
    }

    /** Tells records on their task's partition from the rest ({@link TaskPlacement}). */
    public static String placement(String role) {
        return role + "-placement";
    }

    public static String placementSplit(String role) {
        return role + "-placement-";
    }

    /** The repartition of misplaced records; the topic is {@code <application.id>-<role>-by-task-repartition}. */
    public static String byTask(String role) {
        return role + "-by-task";
    }

    public static String filter(String dataset) {
        return ofDataset(dataset, "-filter");
    }

    /** Splits a dataset filter's output into dead letters (processing errors) and kept steps. */
    /** {@code dataset-<name><suffix>}: every per-dataset name has this form. */
    private static String ofDataset(String dataset, String suffix) {
        return "dataset-" + dataset + suffix;
    }

    public static String filterSplit(String dataset) {
        return ofDataset(dataset, "-filter-");
    }

    public static String filterDlqEncode(String dataset) {
        return ofDataset(dataset, "-dlq-encode");
    }

    public static String filterDlqSink(String dataset) {
        return ofDataset(dataset, "-dlq-sink");
    }

    public static String filterKept(String dataset) {
        return ofDataset(dataset, "-kept");
    }

    public static String filterCounts(String dataset) {
        return ofDataset(dataset, "-filter-counts");
    }

    /** The repartition name; the topic is {@code <application.id>-dataset-<name>-dedup-repartition}. */
    public static String repartition(String dataset) {
        return ofDataset(dataset, "-dedup");
    }

    public static String dedup(String dataset) {
        return ofDataset(dataset, "-dedup-process");
    }

    public static String dedupStore(String dataset) {
        return ofDataset(dataset, "-dedup-keys");
    }

    public static String dedupCounts(String dataset) {
        return ofDataset(dataset, "-dedup-counts");
    }

    public static String sink(String dataset) {
        return ofDataset(dataset, "-sink");
    }

    /** Group-aware datasets: the by-group repartition ({@code <application.id>-dataset-<name>-group-repartition}). */
    public static String groupRepartition(String dataset) {
        return ofDataset(dataset, "-group");
    }

    public static String group(String dataset) {
        return ofDataset(dataset, "-group-process");
    }

    /** Each group's state (open, released, dropped) and its candidates, by group key. */
    public static String groupStore(String dataset) {
        return ofDataset(dataset, "-group-members");
    }

    public static String groupTimers(String dataset) {
        return ofDataset(dataset, "-group-timers");
    }

    public static String groupCounts(String dataset) {
        return ofDataset(dataset, "-group-counts");
    }

    /** Episode datasets: the stage that assembles a task's steps into episodes, right after the reward join. */
    public static String episode(String dataset) {
        return ofDataset(dataset, "-episode-process");
    }

    public static String episodeStore(String dataset) {
        return ofDataset(dataset, "-episode-steps");
    }

    /** Each open or ended episode's state: open or written, when its last step came. */
    public static String episodeState(String dataset) {
        return ofDataset(dataset, "-episode-state");
    }

    public static String episodeTimers(String dataset) {
        return ofDataset(dataset, "-episode-timers");
    }

    public static String episodeCounts(String dataset) {
        return ofDataset(dataset, "-episode-counts");
    }
}
