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
        int counted = 0;
        int correct = 0;
        double nll = 0;
        for (Group g : groups) {
            if (g.responses().size() < 2) {
                continue; // nothing to choose between
            }
            double[] p = LocalPolicy.softmax(policy.logits(g.features()));
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
