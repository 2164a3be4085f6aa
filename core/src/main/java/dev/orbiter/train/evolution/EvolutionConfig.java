package dev.orbiter.train.evolution;

import dev.orbiter.train.internal.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of an evolution run: epochs, enabled phases, early stop, and the guide's population
 * settings (size, selection ratio, mutation rate, seed). Immutable and validated at build time.
 */
public final class EvolutionConfig {

    private final int maxEpochs;
    private final List<EvolutionPhase> phases;
    private final Double earlyStopThreshold;
    private final Map<String, Object> extra;
    private final Integer populationSize;
    private final double selectionRatio;
    private final double mutationRate;
    private final Long seed;

    /** All defaults: 1 epoch, SYNTHESIS + TRAINING + EVALUATION, no early stop, single-agent mode. */
    public EvolutionConfig() {
        this(builder());
    }

    private EvolutionConfig(Builder b) {
        if (b.maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, got " + b.maxEpochs);
        }
        if (b.earlyStopThreshold != null && !(b.earlyStopThreshold >= 0.0 && b.earlyStopThreshold <= 1.0)) {
            throw new IllegalArgumentException("earlyStopThreshold must be in [0, 1], got " + b.earlyStopThreshold);
        }
        if (b.populationSize != null && b.populationSize < 1) {
            throw new IllegalArgumentException("populationSize must be >= 1, got " + b.populationSize);
        }
        if (!(b.selectionRatio > 0.0 && b.selectionRatio <= 1.0)) {
            throw new IllegalArgumentException("selectionRatio must be in (0, 1], got " + b.selectionRatio);
        }
        if (!(b.mutationRate >= 0.0 && b.mutationRate <= 1.0)) {
            throw new IllegalArgumentException("mutationRate must be in [0, 1], got " + b.mutationRate);
        }
        this.maxEpochs = b.maxEpochs;
        this.phases = List.copyOf(Objects.requireNonNull(b.phases, "phases"));
        this.earlyStopThreshold = b.earlyStopThreshold;
        this.extra = Values.copyMap(b.extra);
        this.populationSize = b.populationSize;
        this.selectionRatio = b.selectionRatio;
        this.mutationRate = b.mutationRate;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EvolutionConfig defaults() {
        return new EvolutionConfig();
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    /** The guide's name for {@link #maxEpochs()}. */
    public int epochs() {
        return maxEpochs;
    }

    public List<EvolutionPhase> phases() {
        return phases;
    }

    public Double earlyStopThreshold() {
        return earlyStopThreshold;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Integer populationSize() {
        return populationSize;
    }

    public double selectionRatio() {
        return selectionRatio;
    }

    public double mutationRate() {
        return mutationRate;
    }

    public Long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "EvolutionConfig(max_epochs=" + maxEpochs + ", phases=" + phases + ", early_stop_threshold="
                + earlyStopThreshold + ", population_size=" + populationSize + ", selection_ratio=" + selectionRatio
                + ", mutation_rate=" + mutationRate + ", seed=" + seed + ")";
    }

    /** Builds an {@link EvolutionConfig}. */
    public static final class Builder {
        private int maxEpochs = 1;
        private List<EvolutionPhase> phases = List.of(EvolutionPhase.SYNTHESIS, EvolutionPhase.TRAINING,
                EvolutionPhase.EVALUATION);
        private Double earlyStopThreshold;
        private final Map<String, Object> extra = new LinkedHashMap<>();
        private Integer populationSize;
        private double selectionRatio = 0.5;
        private double mutationRate = 0.1;
        private Long seed;

        public Builder maxEpochs(int maxEpochs) {
            this.maxEpochs = maxEpochs;
            return this;
        }

        /** The guide's name for {@link #maxEpochs(int)}. */
        public Builder epochs(int epochs) {
            return maxEpochs(epochs);
        }

        public Builder phases(List<EvolutionPhase> phases) {
            this.phases = phases;
            return this;
        }

        public Builder earlyStopThreshold(Double earlyStopThreshold) {
            this.earlyStopThreshold = earlyStopThreshold;
            return this;
        }

        public Builder extra(Map<String, ?> extra) {
            this.extra.clear();
            if (extra != null) {
                this.extra.putAll(extra);
            }
            return this;
        }

        public Builder populationSize(Integer populationSize) {
            this.populationSize = populationSize;
            return this;
        }

        public Builder selectionRatio(double selectionRatio) {
            this.selectionRatio = selectionRatio;
            return this;
        }

        public Builder mutationRate(double mutationRate) {
            this.mutationRate = mutationRate;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public EvolutionConfig build() {
            return new EvolutionConfig(this);
        }
    }
}
