package dev.orbiter.train.verl.local;

import dev.orbiter.train.verl.local.Episodes.Group;
import java.util.List;

/**
 * How well a policy picks the best response: over the groups with at least two candidates,
 * {@code accuracy} is the share where the most likely candidate has the group's highest reward,
 * and {@code loss} the mean negative log-likelihood of the best candidates (their total
 * probability, when several tie).
 */
record Evaluation(double accuracy, double loss, int groups) {

    private static final double TIE = 1e-9;

    static Evaluation of(LocalPolicy policy, List<Group> groups) {
        double[][] probabilities = new double[groups.size()][];
        Parallel.forEach(groups.size(), i -> {
            if (groups.get(i).responses().size() >= 2) {
                probabilities[i] = LocalPolicy.softmax(policy.logits(groups.get(i)));
            }
        });
        int counted = 0;
        int correct = 0;
        double nll = 0;
        for (int k = 0; k < groups.size(); k++) {
            Group g = groups.get(k);
            double[] p = probabilities[k];
            if (p == null) {
                continue; // nothing to choose between
            }
            double best = g.bestReward();
            double bestMass = 0;
            for (int i = 0; i < p.length; i++) {
                if (g.rewards()[i] >= best - TIE) {
                    bestMass += p[i];
                }
            }
            counted++;
            if (g.rewards()[LocalPolicy.argmax(p)] >= best - TIE) {
                correct++;
            }
            nll -= Math.log(Math.max(bestMass, Double.MIN_NORMAL));
        }
        return counted == 0 ? new Evaluation(0, 0, 0) : new Evaluation((double) correct / counted, nll / counted, counted);
    }
}
