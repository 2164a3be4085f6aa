package dev.orbiter.train.evolution;

import dev.orbiter.train.internal.Values;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one evolution epoch: items synthesised, training loss, evaluation accuracy,
 * and extras (population mode: {@code best_score}, {@code mean_score}, {@code population_size}).
 * The trainer service publishes one per epoch as a metric event. Immutable.
 */
public final class EpochResult {

    private final int epoch;
    private final int synthesisCount;
    private final double trainLoss;
    private final double evalAccuracy;
    private final Map<String, Object> extra;

    public EpochResult(int epoch, int synthesisCount, double trainLoss, double evalAccuracy, Map<String, ?> extra) {
        this.epoch = epoch;
        this.synthesisCount = synthesisCount;
        this.trainLoss = trainLoss;
        this.evalAccuracy = evalAccuracy;
        this.extra = Values.copyMap(extra);
    }

    public EpochResult(int epoch, int synthesisCount, double trainLoss, double evalAccuracy) {
        this(epoch, synthesisCount, trainLoss, evalAccuracy, Map.of());
    }

    public int epoch() {
        return epoch;
    }

    public int synthesisCount() {
        return synthesisCount;
    }

    public double trainLoss() {
        return trainLoss;
    }

    public double evalAccuracy() {
        return evalAccuracy;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EpochResult)) {
            return false;
        }
        EpochResult r = (EpochResult) o;
        return epoch == r.epoch && synthesisCount == r.synthesisCount && Double.compare(trainLoss, r.trainLoss) == 0
                && Double.compare(evalAccuracy, r.evalAccuracy) == 0 && extra.equals(r.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, synthesisCount, trainLoss, evalAccuracy, extra);
    }

    @Override
    public String toString() {
        return "EpochResult(epoch=" + epoch + ", synthesis_count=" + synthesisCount + ", train_loss=" + trainLoss
                + ", eval_accuracy=" + evalAccuracy + ", extra=" + extra + ")";
    }
}
