package dev.orbiter.train.trainer;

import dev.orbiter.train.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Training hyper-parameters common to every trainer: epochs, batch size, learning rate and the
 * checkpoint directory, plus backend-specific {@code extra} settings. Immutable; extended by
 * {@code VeRLConfig}. Trainers validate it in {@code checkConfig}.
 */
public class TrainConfig {

    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final String outputDir;
    private final Map<String, Object> extra;

    /** All defaults: 1 epoch, batch size 8, learning rate 1e-5, no output dir. */
    public TrainConfig() {
        this(builder());
    }

    protected TrainConfig(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.outputDir = b.outputDir == null ? "" : b.outputDir;
        this.extra = Values.copyMap(b.extra);
    }

    /** A config with every default. */
    public static TrainConfig defaults() {
        return new TrainConfig();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public double learningRate() {
        return learningRate;
    }

    public String outputDir() {
        return outputDir;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    /** The guide's {@code warmup_steps}, stored in {@code extra}; null when unset. */
    public Integer warmupSteps() {
        Object v = extra.get("warmup_steps");
        return v instanceof Number ? ((Number) v).intValue() : null;
    }

    /** The guide's {@code eval_every}, stored in {@code extra}; null when unset. */
    public Integer evalEvery() {
        Object v = extra.get("eval_every");
        return v instanceof Number ? ((Number) v).intValue() : null;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        TrainConfig c = (TrainConfig) o;
        return epochs == c.epochs && batchSize == c.batchSize && Double.compare(learningRate, c.learningRate) == 0
                && outputDir.equals(c.outputDir) && extra.equals(c.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochs, batchSize, learningRate, outputDir, extra);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(epochs=" + epochs + ", batch_size=" + batchSize + ", learning_rate="
                + learningRate + ", output_dir=" + outputDir + ", extra=" + extra + ")";
    }

    /**
     * Builds a {@link TrainConfig}. Subclass builders (e.g. {@code VeRLConfig.Builder}) override
     * each setter with their own return type, so base and own setters chain in any order.
     */
    public static class Builder {
        private int epochs = 1;
        private int batchSize = 8;
        private double learningRate = 1e-5;
        private String outputDir = "";
        private final Map<String, Object> extra = new LinkedHashMap<>();

        protected Builder() {
        }

        /** Copies the base settings of an existing config. */
        public Builder from(TrainConfig c) {
            epochs = c.epochs;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            outputDir = c.outputDir;
            extra.clear();
            extra.putAll(c.extra);
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder outputDir(String outputDir) {
            this.outputDir = outputDir;
            return this;
        }

        /** Replaces the extra settings. */
        public Builder extra(Map<String, ?> extra) {
            this.extra.clear();
            if (extra != null) {
                this.extra.putAll(extra);
            }
            return this;
        }

        /** Adds one extra setting. */
        public Builder extra(String key, Object value) {
            this.extra.put(key, value);
            return this;
        }

        /** The guide's warm-up steps, stored in {@code extra.warmup_steps}. */
        public Builder warmupSteps(int steps) {
            return extra("warmup_steps", steps);
        }

        /** The guide's evaluation interval, stored in {@code extra.eval_every}. */
        public Builder evalEvery(int steps) {
            return extra("eval_every", steps);
        }

        public TrainConfig build() {
            return new TrainConfig(this);
        }
    }
}
