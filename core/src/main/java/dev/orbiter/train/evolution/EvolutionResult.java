package dev.orbiter.train.evolution;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of an evolution run: every epoch's result, the final accuracy, whether it stopped
 * early and, in population mode, the best candidate seen.
 *
 * @param <A> the agent (candidate) type
 */
public final class EvolutionResult<A> {

    private final List<EpochResult> epochs;
    private final double finalAccuracy;
    private final boolean earlyStopped;
    private final A bestCandidate;

    public EvolutionResult(List<EpochResult> epochs, double finalAccuracy, boolean earlyStopped) {
        this(epochs, finalAccuracy, earlyStopped, null);
    }

    public EvolutionResult(List<EpochResult> epochs, double finalAccuracy, boolean earlyStopped, A bestCandidate) {
        this.epochs = List.copyOf(epochs);
        this.finalAccuracy = finalAccuracy;
        this.earlyStopped = earlyStopped;
        this.bestCandidate = bestCandidate;
    }

    public List<EpochResult> epochs() {
        return epochs;
    }

    public double finalAccuracy() {
        return finalAccuracy;
    }

    public boolean earlyStopped() {
        return earlyStopped;
    }

    public int totalEpochs() {
        return epochs.size();
    }

    /** The guide's name for {@link #totalEpochs()}. */
    public int epochsCompleted() {
        return epochs.size();
    }

    /** The epoch with the highest accuracy, the first on ties. */
    public Optional<EpochResult> bestEpoch() {
        EpochResult best = null;
        for (EpochResult e : epochs) {
            if (best == null || e.evalAccuracy() > best.evalAccuracy()) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The guide's best score: the highest epoch accuracy (population mode: best candidate score); 0 when no epoch ran. */
    public double bestScore() {
        return epochs.stream().map(EpochResult::evalAccuracy).max(Comparator.naturalOrder()).orElse(0.0);
    }

    /** Population mode: the best candidate seen in any epoch. */
    public Optional<A> bestCandidate() {
        return Optional.ofNullable(bestCandidate);
    }

    @Override
    public String toString() {
        return "EvolutionResult(epochs=" + epochs.size() + ", final_accuracy=" + finalAccuracy + ", early_stopped="
                + earlyStopped + ")";
    }
}
