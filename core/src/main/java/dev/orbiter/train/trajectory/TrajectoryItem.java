package dev.orbiter.train.trajectory;

import dev.orbiter.train.internal.Ids;
import dev.orbiter.train.internal.Values;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of an agent run, State-Action-Reward: the state is {@code input}, the action is
 * {@code output}, the reward is {@code score}. It is the unit everything else moves: agents
 * capture it, Kafka carries it (as the Avro {@code TrajectoryStep}), curation filters it,
 * datasets export it and trainers learn from it. Immutable; {@code withX} and
 * {@link #toBuilder()} copy. Timestamps keep microsecond precision, like Python's datetime.
 */
public final class TrajectoryItem {

    private final String id;
    private final String taskId;
    private final String agentId;
    private final int step;
    private final Instant timestamp;
    private final String input;
    private final List<Map<String, Object>> messages;
    private final Map<String, Object> context;
    private final String output;
    private final List<Map<String, Object>> toolCalls;
    private final Double score;
    private final String status;
    private final Map<String, Object> metadata;

    @SuppressWarnings("unchecked") // the *Copied flags mark values that are already deep-immutable copies
    private TrajectoryItem(Builder b) {
        this.id = b.id != null ? b.id : Ids.newId();
        this.taskId = nonNull(b.taskId);
        this.agentId = nonNull(b.agentId);
        this.step = b.step;
        this.timestamp = (b.timestamp != null ? b.timestamp : Instant.now()).truncatedTo(ChronoUnit.MICROS);
        this.input = nonNull(b.input);
        this.messages = b.messagesCopied ? (List<Map<String, Object>>) b.messages : Values.copyListOfMaps(b.messages);
        this.context = b.contextCopied ? (Map<String, Object>) b.context : Values.copyMap(b.context);
        this.output = nonNull(b.output);
        this.toolCalls = b.toolCallsCopied ? (List<Map<String, Object>>) b.toolCalls : Values.copyListOfMaps(b.toolCalls);
        if (b.score != null && !Double.isFinite(b.score)) {
            throw new IllegalArgumentException("score must be a finite number, got " + b.score);
        }
        this.score = b.score;
        this.status = b.status != null ? b.status : "success";
        this.metadata = b.metadataCopied ? (Map<String, Object>) b.metadata : Values.copyMap(b.metadata);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** A new builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The guide's constructor: a state, the action taken and its reward. */
    public static TrajectoryItem of(String state, String action, double reward) {
        return builder().input(state).output(action).score(reward).build();
    }

    /** Parses the {@link #toMap()} form; every key optional, unknown keys ignored. */
    public static TrajectoryItem fromMap(Map<String, ?> map) {
        return ItemMaps.fromMap(map);
    }

    /** The snake_case map of the Python form, in field order; {@code timestamp} as epoch seconds. */
    public Map<String, Object> toMap() {
        return ItemMaps.toMap(this);
    }

    /** A builder holding this item's values. */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).taskId(taskId).agentId(agentId).step(step).timestamp(timestamp)
                .input(input).output(output).score(score).status(status);
        // Already deep-immutable: share instead of copying again.
        b.messages = messages;
        b.messagesCopied = true;
        b.context = context;
        b.contextCopied = true;
        b.toolCalls = toolCalls;
        b.toolCallsCopied = true;
        b.metadata = metadata;
        b.metadataCopied = true;
        return b;
    }

    /** A copy with another score (null clears it). */
    public TrajectoryItem withScore(Double newScore) {
        return toBuilder().score(newScore).build();
    }

    /** A copy with other metadata. */
    public TrajectoryItem withMetadata(Map<String, ?> newMetadata) {
        return toBuilder().metadata(newMetadata).build();
    }

    public String id() {
        return id;
    }

    public String taskId() {
        return taskId;
    }

    public String agentId() {
        return agentId;
    }

    public int step() {
        return step;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String input() {
        return input;
    }

    public List<Map<String, Object>> messages() {
        return messages;
    }

    public Map<String, Object> context() {
        return context;
    }

    public String output() {
        return output;
    }

    public List<Map<String, Object>> toolCalls() {
        return toolCalls;
    }

    public Double score() {
        return score;
    }

    public String status() {
        return status;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The guide's name for {@link #input()}. */
    public String state() {
        return input;
    }

    /** The guide's name for {@link #output()}. */
    public String action() {
        return output;
    }

    /** The guide's name for {@link #score()}. */
    public Double reward() {
        return score;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrajectoryItem)) {
            return false;
        }
        TrajectoryItem t = (TrajectoryItem) o;
        return step == t.step && id.equals(t.id) && taskId.equals(t.taskId) && agentId.equals(t.agentId)
                && timestamp.equals(t.timestamp) && input.equals(t.input) && messages.equals(t.messages)
                && context.equals(t.context) && output.equals(t.output) && toolCalls.equals(t.toolCalls)
                && Objects.equals(score, t.score) && status.equals(t.status) && metadata.equals(t.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, taskId, agentId, step, timestamp, input, messages, context, output, toolCalls,
                score, status, metadata);
    }

    @Override
    public String toString() {
        return "TrajectoryItem(id=" + id + ", task_id=" + taskId + ", agent_id=" + agentId + ", step=" + step
                + ", input=" + abbreviate(input) + ", output=" + abbreviate(output) + ", score=" + score
                + ", status=" + status + ")";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? '"' + s + '"' : '"' + s.substring(0, 37) + "...\"";
    }

    /** Builds a {@link TrajectoryItem}; every setter is optional. */
    public static final class Builder {
        private String id;
        private String taskId;
        private String agentId;
        private int step;
        private Instant timestamp;
        private String input;
        private List<? extends Map<String, ?>> messages;
        private Map<String, ?> context;
        private String output;
        private List<? extends Map<String, ?>> toolCalls;
        private Double score;
        private String status;
        private Map<String, ?> metadata;
        private boolean messagesCopied;
        private boolean contextCopied;
        private boolean toolCallsCopied;
        private boolean metadataCopied;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder taskId(String taskId) {
            this.taskId = taskId;
            return this;
        }

        public Builder agentId(String agentId) {
            this.agentId = agentId;
            return this;
        }

        public Builder step(int step) {
            this.step = step;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder input(String input) {
            this.input = input;
            return this;
        }

        public Builder messages(List<? extends Map<String, ?>> messages) {
            this.messages = messages;
            this.messagesCopied = false;
            return this;
        }

        public Builder context(Map<String, ?> context) {
            this.context = context;
            this.contextCopied = false;
            return this;
        }

        public Builder output(String output) {
            this.output = output;
            return this;
        }

        public Builder toolCalls(List<? extends Map<String, ?>> toolCalls) {
            this.toolCalls = toolCalls;
            this.toolCallsCopied = false;
            return this;
        }

        public Builder score(Double score) {
            this.score = score;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = metadata;
            this.metadataCopied = false;
            return this;
        }

        /** The guide's name for {@link #input(String)}. */
        public Builder state(String state) {
            return input(state);
        }

        /** The guide's name for {@link #output(String)}. */
        public Builder action(String action) {
            return output(action);
        }

        /** The guide's name for {@link #score(Double)}. */
        public Builder reward(double reward) {
            return score(reward);
        }

        public TrajectoryItem build() {
            return new TrajectoryItem(this);
        }
    }
}
