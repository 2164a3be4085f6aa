package dev.orbiter.train.trainer;

import dev.orbiter.train.internal.Values;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Metrics of a training run or an evaluation: loss, accuracy, steps, and backend-specific
 * extras (VeRL's metric names, item counts). Immutable.
 *
 * <p>The contract gives {@code loss} and {@code accuracy} as plain doubles defaulting to 0.0, so a
 * backend that did not measure one (a VeRL run whose log has no loss, an evaluation with nothing
 * to evaluate) builds its metrics with {@link #partial}: the double still reads 0.0, but
 * {@link #measuredLoss()} / {@link #measuredAccuracy()} are empty, and reporters leave the figure
 * out instead of publishing a 0.0 nobody measured.
 */
public final class TrainMetrics {

    private final double loss;
    private final double accuracy;
    private final int steps;
    private final Map<String, Object> extra;
    private final boolean lossMeasured;
    private final boolean accuracyMeasured;

    /** All defaults: zero loss, accuracy and steps, no extras. */
    public TrainMetrics() {
        this(0.0, 0.0, 0, Map.of());
    }

    public TrainMetrics(double loss, double accuracy) {
        this(loss, accuracy, 0, Map.of());
    }

    public TrainMetrics(double loss, double accuracy, int steps, Map<String, ?> extra) {
        this(loss, accuracy, steps, extra, true, true);
    }

    private TrainMetrics(double loss, double accuracy, int steps, Map<String, ?> extra, boolean lossMeasured,
                         boolean accuracyMeasured) {
        this.loss = loss;
        this.accuracy = accuracy;
        this.steps = steps;
        this.extra = Values.copyMap(extra);
        this.lossMeasured = lossMeasured;
        this.accuracyMeasured = accuracyMeasured;
    }

    /** Metrics where a null loss or accuracy was not measured (it reads 0.0 and its {@code measured...} is empty). */
    public static TrainMetrics partial(Double loss, Double accuracy, int steps, Map<String, ?> extra) {
        return new TrainMetrics(loss == null ? 0.0 : loss, accuracy == null ? 0.0 : accuracy, steps, extra,
                loss != null, accuracy != null);
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

    /** The loss, when the backend measured one (a NaN loss is a measurement and is kept). */
    public OptionalDouble measuredLoss() {
        return lossMeasured ? OptionalDouble.of(loss) : OptionalDouble.empty();
    }

    /** The accuracy, when the backend measured one. */
    public OptionalDouble measuredAccuracy() {
        return accuracyMeasured ? OptionalDouble.of(accuracy) : OptionalDouble.empty();
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
                && extra.equals(m.extra) && lossMeasured == m.lossMeasured && accuracyMeasured == m.accuracyMeasured;
    }

    @Override
    public int hashCode() {
        return Objects.hash(loss, accuracy, steps, extra, lossMeasured, accuracyMeasured);
    }

    @Override
    public String toString() {
        return "TrainMetrics(loss=" + (lossMeasured ? loss : "unmeasured") + ", accuracy="
                + (accuracyMeasured ? accuracy : "unmeasured") + ", steps=" + steps + ", extra=" + extra + ")";
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
