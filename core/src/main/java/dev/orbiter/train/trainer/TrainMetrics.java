package dev.orbiter.train.trainer;

import dev.orbiter.train.internal.Values;
import java.util.Map;
import java.util.Objects;

/**
 * Metrics of a training run or an evaluation: loss, accuracy, steps, and backend-specific
 * extras (VeRL's metric names, item counts). Immutable.
 */
public final class TrainMetrics {

    private final double loss;
    private final double accuracy;
    private final int steps;
    private final Map<String, Object> extra;

    /** All defaults: zero loss, accuracy and steps, no extras. */
    public TrainMetrics() {
        this(0.0, 0.0, 0, Map.of());
    }

    public TrainMetrics(double loss, double accuracy) {
        this(loss, accuracy, 0, Map.of());
    }

    public TrainMetrics(double loss, double accuracy, int steps, Map<String, ?> extra) {
        this.loss = loss;
        this.accuracy = accuracy;
        this.steps = steps;
        this.extra = Values.copyMap(extra);
    }

    public static Builder builder() {
        return new Builder();
    }

    public double loss() {
        return loss;
    }

    public double accuracy() {
        return accuracy;
    }

    public int steps() {
        return steps;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    /** {@code extra.reward} as a number, or null when absent or not a number. */
    public Double reward() {
        Object r = extra.get("reward");
        return r instanceof Number ? ((Number) r).doubleValue() : null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrainMetrics)) {
            return false;
        }
        TrainMetrics m = (TrainMetrics) o;
        return Double.compare(loss, m.loss) == 0 && Double.compare(accuracy, m.accuracy) == 0 && steps == m.steps
                && extra.equals(m.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(loss, accuracy, steps, extra);
    }

    @Override
    public String toString() {
        return "TrainMetrics(loss=" + loss + ", accuracy=" + accuracy + ", steps=" + steps + ", extra=" + extra + ")";
    }

    /** Builds {@link TrainMetrics}. */
    public static final class Builder {
        private double loss;
        private double accuracy;
        private int steps;
        private Map<String, ?> extra = Map.of();

        public Builder loss(double loss) {
            this.loss = loss;
            return this;
        }

        public Builder accuracy(double accuracy) {
            this.accuracy = accuracy;
            return this;
        }

        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder extra(Map<String, ?> extra) {
            this.extra = extra;
            return this;
        }

        public TrainMetrics build() {
            return new TrainMetrics(loss, accuracy, steps, extra);
        }
    }
}
