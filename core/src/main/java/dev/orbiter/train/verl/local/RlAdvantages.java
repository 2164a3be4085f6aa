package dev.orbiter.train.verl.local;

import dev.orbiter.train.verl.local.RlStep.Sample;
import java.util.List;

/**
 * Advantage estimators of the LOCAL trainer, as VeRL computes them: GRPO's group-normalised
 * outcome returns, and PPO's generalised advantage estimation (GAE) with the critic's values,
 * the KL penalty in the reward, and advantages whitened over the batch.
 */
final class RlAdvantages {

    private static final double GRPO_EPSILON = 1e-6;
    private static final double WHITEN_EPSILON = 1e-8;

    private RlAdvantages() {
    }

    /**
     * GRPO: the discounted return from each step, normalised against the other rollouts of the
     * same prompt at the same step: {@code (G - mean) / (std + 1e-6)}; a single rollout gets 0.
     */
    static void grpo(List<List<Sample[]>> rollouts, double gamma) {
        for (List<Sample[]> episode : rollouts) {
            for (Sample[] r : episode) {
                double g = 0;
                for (int t = r.length - 1; t >= 0; t--) {
                    r[t].reward = r[t].score;
                    g = r[t].reward + gamma * g;
                    r[t].ret = g;
                }
            }
            int steps = episode.get(0).length;
            int n = episode.size();
            for (int t = 0; t < steps; t++) {
                double mean = 0;
                for (Sample[] r : episode) {
                    mean += r[t].ret / n;
                }
                double var = 0;
                for (Sample[] r : episode) {
                    var += (r[t].ret - mean) * (r[t].ret - mean);
                }
                double std = n > 1 ? Math.sqrt(var / (n - 1)) : 1.0;
                for (Sample[] r : episode) {
                    r[t].advantage = n > 1 ? (r[t].ret - mean) / (std + GRPO_EPSILON) : 0.0;
                }
            }
        }
    }

    /**
     * PPO: reward = score - klCoeff * (log p_old - log p_ref); GAE(gamma, lam) against the
     * critic's values; returns = advantages + values; advantages whitened over the batch.
     */
    static void gae(List<List<Sample[]>> rollouts, double gamma, double lam, double klCoeff, LocalPolicy policy) {
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (List<Sample[]> episode : rollouts) {
            for (Sample[] r : episode) {
                double nextValue = 0;
                double lastGae = 0;
                for (int t = r.length - 1; t >= 0; t--) {
                    Sample s = r[t];
                    s.reward = s.score - klCoeff * (s.oldLogp - s.refLogp);
                    double value = policy.value(s.group.promptFeatures());
                    double delta = s.reward + gamma * nextValue - value;
                    lastGae = delta + gamma * lam * lastGae;
                    s.advantage = lastGae;
                    s.ret = lastGae + value;
                    nextValue = value;
                    sum += lastGae;
                    sumSq += lastGae * lastGae;
                    count++;
                }
            }
        }
        double mean = sum / count;
        double var = count > 1 ? (sumSq - count * mean * mean) / (count - 1) : 0;
        double scale = 1.0 / Math.sqrt(Math.max(var, 0) + WHITEN_EPSILON);
        for (List<Sample[]> episode : rollouts) {
            for (Sample[] r : episode) {
                for (Sample s : r) {
                    s.advantage = (s.advantage - mean) * scale;
                }
            }
        }
    }
}
