package dev.orbiter.train.synthesis;

import dev.orbiter.train.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a synthesis run: strategy, how many samples to make, the train/test split, the
 * source score filter and dedup threshold, and the seed. Immutable and validated at build time.
 */
public final class SynthesisConfig {

    private final SynthesisStrategy strategy;
    private final int numSamples;
    private final double trainRatio;
    private final Double minScore;
    private final Long seed;
    private final Double dedupThreshold;
    private final Map<String, Object> extra;

    /** All defaults: TEMPLATE, 10 samples, train ratio 0.9, no score filter, exact dedup. */
    public SynthesisConfig() {
        this(builder());
    }

    private SynthesisConfig(Builder b) {
        if (b.numSamples < 1) {
            throw new IllegalArgumentException("numSamples must be >= 1, got " + b.numSamples);
        }
        if (!(b.trainRatio > 0.0 && b.trainRatio <= 1.0)) {
            throw new IllegalArgumentException("trainRatio must be in (0, 1], got " + b.trainRatio);
        }
        if (b.dedupThreshold != null && !(b.dedupThreshold > 0.0 && b.dedupThreshold <= 1.0)) {
            throw new IllegalArgumentException("dedupThreshold must be in (0, 1], got " + b.dedupThreshold);
        }
        this.strategy = Objects.requireNonNull(b.strategy, "strategy");
        this.numSamples = b.numSamples;
        this.trainRatio = b.trainRatio;
        this.minScore = b.minScore;
        this.seed = b.seed;
        this.dedupThreshold = b.dedupThreshold;
        this.extra = Values.copyMap(b.extra);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SynthesisConfig defaults() {
        return new SynthesisConfig();
    }

    public Builder toBuilder() {
        return builder().strategy(strategy).numSamples(numSamples).trainRatio(trainRatio).minScore(minScore)
                .seed(seed).dedupThreshold(dedupThreshold).extra(extra);
    }

    public SynthesisStrategy strategy() {
        return strategy;
    }

    public int numSamples() {
        return numSamples;
    }

    /** The guide's name for {@link #numSamples()}. */
    public int targetSize() {
        return numSamples;
    }

    public double trainRatio() {
        return trainRatio;
    }

    public Double minScore() {
        return minScore;
    }

    public Long seed() {
        return seed;
    }

    public Double dedupThreshold() {
        return dedupThreshold;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SynthesisConfig)) {
            return false;
        }
        SynthesisConfig c = (SynthesisConfig) o;
        return strategy == c.strategy && numSamples == c.numSamples && Double.compare(trainRatio, c.trainRatio) == 0
                && Objects.equals(minScore, c.minScore) && Objects.equals(seed, c.seed)
                && Objects.equals(dedupThreshold, c.dedupThreshold) && extra.equals(c.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, numSamples, trainRatio, minScore, seed, dedupThreshold, extra);
    }

    @Override
    public String toString() {
        return "SynthesisConfig(strategy=" + strategy.value() + ", num_samples=" + numSamples + ", train_ratio="
                + trainRatio + ", min_score=" + minScore + ", seed=" + seed + ", dedup_threshold=" + dedupThreshold
                + ")";
    }

    /** Builds a {@link SynthesisConfig}. */
    public static final class Builder {
        private SynthesisStrategy strategy = SynthesisStrategy.TEMPLATE;
        private int numSamples = 10;
        private double trainRatio = 0.9;
        private Double minScore;
        private Long seed;
        private Double dedupThreshold;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        public Builder strategy(SynthesisStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder numSamples(int numSamples) {
            this.numSamples = numSamples;
            return this;
        }

        /** The guide's name for {@link #numSamples(int)}. */
        public Builder targetSize(int targetSize) {
            return numSamples(targetSize);
        }

        public Builder trainRatio(double trainRatio) {
            this.trainRatio = trainRatio;
            return this;
        }

        public Builder minScore(Double minScore) {
            this.minScore = minScore;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder dedupThreshold(Double dedupThreshold) {
            this.dedupThreshold = dedupThreshold;
            return this;
        }

        public Builder extra(Map<String, ?> extra) {
            this.extra.clear();
            if (extra != null) {
                this.extra.putAll(extra);
            }
            return this;
        }

        public Builder extra(String key, Object value) {
            this.extra.put(key, value);
            return this;
        }

        public SynthesisConfig build() {
            return new SynthesisConfig(this);
        }
    }
}
