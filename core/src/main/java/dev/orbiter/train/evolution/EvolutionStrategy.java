package dev.orbiter.train.evolution;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * What an evolution pipeline does in each phase, for agents of type {@code A}: synthesise data,
 * train, evaluate; and for the guide's population mode, select and mutate candidates.
 *
 * @param <A> the agent (candidate) type
 */
public interface EvolutionStrategy<A> {

    /** SYNTHESIS: new working data (an empty result keeps the current data). */
    List<TrajectoryItem> synthesise(A agent, List<TrajectoryItem> data, int epoch);

    /** TRAINING: trains the agent on the data; returns the loss. */
    double train(A agent, List<TrajectoryItem> data, int epoch);

    /** EVALUATION: the agent's accuracy or score on the data. */
    double evaluate(A agent, List<TrajectoryItem> data, int epoch);

    /** SELECTION: the top {@code ceil(ratio * size)} candidates by score, best first (stable on ties). */
    default List<A> select(List<A> population, double[] scores, double ratio) {
        int keep = (int) Math.ceil(ratio * population.size());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < population.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        List<A> out = new ArrayList<>(keep);
        for (int i = 0; i < keep && i < order.size(); i++) {
            out.add(population.get(order.get(i)));
        }
        return out;
    }

    /** MUTATION: a variant of a candidate; needed only in population mode. */
    default A mutate(A candidate, Random rng) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " does not implement mutate, which population mode needs");
    }
}
