package dev.orbiter.train.verl.local;

import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.local.Episodes.Episode;
import dev.orbiter.train.verl.local.Episodes.Group;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One training step of the LOCAL trainer on a batch of episodes: roll out
 * {@code rolloutBatchSize} responses per prompt from the current policy, compute advantages
 * (GRPO: group-normalised returns; PPO: GAE with the critic), then {@code ppoEpochs} Adam updates
 * of the clipped surrogate objective plus the KL term. Returns the step's metrics under VeRL's
 * names.
 */
final class RlStep {

    /** One sampled response at one step of one rollout. */
    static final class Sample {
        final Group group;
        final int choice;
        final double oldLogp;
        final double refLogp;
        final double score;
        double reward;
        double advantage;
        double ret;

        Sample(Group group, int choice, double oldLogp, double refLogp, double score) {
            this.group = group;
            this.choice = choice;
            this.oldLogp = oldLogp;
            this.refLogp = refLogp;
            this.score = score;
        }
    }

    private final VeRLConfig config;
    private final LocalPolicy policy;
    private final double[] reference;
    private final Adam actorAdam;
    private final Adam criticAdam;
    private final boolean ppo;
    private final double[] actorGrad;
    private final double[] criticGrad;

    RlStep(VeRLConfig config, LocalPolicy policy, double[] reference, Adam actorAdam, Adam criticAdam) {
        this.config = config;
        this.policy = policy;
        this.reference = reference;
        this.actorAdam = actorAdam;
        this.criticAdam = criticAdam;
        this.ppo = config.algorithm() == VeRLAlgorithm.PPO;
        this.actorGrad = new double[policy.weights.length];
        this.criticGrad = new double[policy.valueWeights.length];
    }

    Map<String, Object> run(List<Episode> batch, SplittableRandom rng) {
        List<List<Sample[]>> rollouts = rollout(batch, rng);
        if (ppo) {
            RlAdvantages.gae(rollouts, config.gamma(), config.lam(), config.klCoeff(), policy);
        } else {
            RlAdvantages.grpo(rollouts, config.gamma());
        }
        List<Sample> samples = new ArrayList<>();
        rollouts.forEach(perEpisode -> perEpisode.forEach(r -> samples.addAll(Arrays.asList(r))));
        double[] sums = new double[6]; // pg_loss, ppo_kl, clipfrac, kl, entropy, vf_loss
        for (int e = 0; e < config.ppoEpochs(); e++) {
            updateActor(samples, sums);
            if (ppo) {
                sums[5] += updateCritic(samples);
            }
        }
        return metrics(samples, sums);
    }

    /** Per episode, {@code n} rollouts; each rollout is one sampled choice per step. */
    private List<List<Sample[]>> rollout(List<Episode> batch, SplittableRandom rng) {
        int n = config.rolloutBatchSize();
        List<List<Sample[]>> out = new ArrayList<>(batch.size());
        for (Episode episode : batch) {
            List<Sample[]> perEpisode = new ArrayList<>(n);
            Map<Group, double[][]> dist = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Sample[] steps = new Sample[episode.steps().size()];
                for (int t = 0; t < steps.length; t++) {
                    Group g = episode.steps().get(t);
                    double[][] lp = dist.computeIfAbsent(g, this::logProbsNowAndRef);
                    int c = sample(lp[0], rng);
                    steps[t] = new Sample(g, c, lp[0][c], lp[1][c], g.rewards()[c]);
                }
                perEpisode.add(steps);
            }
            out.add(perEpisode);
        }
        return out;
    }

    private double[][] logProbsNowAndRef(Group g) {
        return new double[][] {logSoftmax(policy.logits(g.features())), logSoftmax(LocalPolicy.logits(reference, g.features()))};
    }

    private static int sample(double[] logp, SplittableRandom rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int i = 0; i < logp.length; i++) {
            acc += Math.exp(logp[i]);
            if (u < acc) {
                return i;
            }
        }
        return logp.length - 1;
    }

    private void updateActor(List<Sample> samples, double[] sums) {
        Arrays.fill(actorGrad, 0);
        // Insertion-ordered, so the gradient is summed in the same order on every run (bit-exact determinism).
        Map<Group, double[]> logpNow = new LinkedHashMap<>();
        Map<Group, double[]> dz = new LinkedHashMap<>();
        Map<Group, double[]> refLogp = new LinkedHashMap<>();
        double n = samples.size();
        double eps = config.clipRange();
        for (Sample s : samples) {
            double[] lp = logpNow.computeIfAbsent(s.group, g -> logSoftmax(policy.logits(g.features())));
            double[] grad = dz.computeIfAbsent(s.group, g -> new double[g.responses().size()]);
            double ratio = Math.exp(lp[s.choice] - s.oldLogp);
            double loss1 = -s.advantage * ratio;
            double loss2 = -s.advantage * Math.max(1 - eps, Math.min(1 + eps, ratio));
            boolean clipped = loss2 > loss1;
            sums[0] += Math.max(loss1, loss2) / n;
            sums[1] += (s.oldLogp - lp[s.choice]) / n;
            sums[2] += (clipped ? 1 : 0) / n;
            if (!clipped) {
                // d(-A * ratio)/dz_j = -A * ratio * (1[j = choice] - p_j)
                double coef = -s.advantage * ratio / n;
                for (int j = 0; j < grad.length; j++) {
                    grad[j] -= coef * Math.exp(lp[j]);
                }
                grad[s.choice] += coef;
            }
            double[] ref = refLogp.computeIfAbsent(s.group, g -> logSoftmax(LocalPolicy.logits(reference, g.features())));
            double kl = 0;
            double entropy = 0;
            for (int j = 0; j < lp.length; j++) {
                double p = Math.exp(lp[j]);
                kl += p * (lp[j] - ref[j]);
                entropy -= p * lp[j];
            }
            sums[3] += kl / n;
            sums[4] += entropy / n;
            if (!ppo) {
                // GRPO's KL loss, exact over the candidates: dKL/dz_j = p_j (log p_j - log ref_j - KL)
                double coef = config.klCoeff() / n;
                for (int j = 0; j < grad.length; j++) {
                    grad[j] += coef * Math.exp(lp[j]) * (lp[j] - ref[j] - kl);
                }
            }
        }
        dz.forEach((g, grad) -> scatter(g.features(), grad, actorGrad));
        actorAdam.step(policy.weights, actorGrad, config.learningRate());
    }

    private double updateCritic(List<Sample> samples) {
        Arrays.fill(criticGrad, 0);
        double n = samples.size();
        double loss = 0;
        for (Sample s : samples) {
            int[] f = s.group.promptFeatures();
            double err = policy.value(f) - s.ret;
            loss += 0.5 * err * err / n;
            for (int i : f) {
                criticGrad[i] += err / n;
            }
        }
        criticAdam.step(policy.valueWeights, criticGrad, config.learningRate());
        return loss;
    }

    private Map<String, Object> metrics(List<Sample> samples, double[] sums) {
        double epochs = config.ppoEpochs();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("actor/pg_loss", sums[0] / epochs);
        m.put("actor/ppo_kl", sums[1] / epochs);
        m.put("actor/pg_clipfrac", sums[2] / epochs);
        m.put("actor/entropy", sums[4] / epochs);
        m.put("actor/kl_loss", sums[3] / epochs);
        m.put("actor/kl_coef", config.klCoeff());
        m.put("critic/score/mean", mean(samples, s -> s.score));
        m.put("critic/rewards/mean", mean(samples, s -> s.reward));
        m.put("critic/advantages/mean", mean(samples, s -> s.advantage));
        m.put("critic/returns/mean", mean(samples, s -> s.ret));
        if (ppo) {
            m.put("critic/vf_loss", sums[5] / epochs);
            m.put("critic/values/mean", mean(samples, s -> policy.value(s.group.promptFeatures())));
        }
        return m;
    }

    private static double mean(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        double s = 0;
        for (Sample x : samples) {
            s += f.applyAsDouble(x);
        }
        return samples.isEmpty() ? 0 : s / samples.size();
    }

    private static void scatter(int[][] features, double[] dz, double[] into) {
        for (int c = 0; c < features.length; c++) {
            if (dz[c] != 0) {
                for (int f : features[c]) {
                    into[f] += dz[c];
                }
            }
        }
    }

    static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] - log;
        }
        return out;
    }
}
