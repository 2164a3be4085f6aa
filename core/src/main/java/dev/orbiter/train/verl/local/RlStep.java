package dev.orbiter.train.verl.local;

import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.local.Episodes.Episode;
import dev.orbiter.train.verl.local.Episodes.Group;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    private final double[] criticGrad;
    private final double entropyCoeff;
    private final double criticLr;
    private final double gradClip;
    private double lrScale = 1;
    /** This step's distinct groups in batch order, and the rollout's recorded passes over them. */
    private List<Group> groups;
    private PolicyModel.Pass[] recorded;
    private double[][] recordedGrads;
    /**
     * The reference policy never changes, so its log-probabilities of a group are computed once
     * per run (the map is written only between parallel sections).
     */
    private final Map<Group, double[]> referenceLogp = new IdentityHashMap<>();
    private double gradNorm;

    RlStep(VeRLConfig config, LocalSettings settings, LocalPolicy policy, double[] reference, Adam actorAdam,
           Adam criticAdam) {
        this.entropyCoeff = settings.entropyCoeff();
        this.criticLr = settings.criticLr();
        this.gradClip = settings.gradClip();
        this.config = config;
        this.policy = policy;
        this.reference = reference;
        this.actorAdam = actorAdam;
        this.criticAdam = criticAdam;
        this.ppo = config.algorithm() == VeRLAlgorithm.PPO;
        this.criticGrad = new double[policy.valueWeights.length];
    }

    /**
     * One step on {@code batch} with the actor's learning rate scaled by {@code lrScale} (the
     * schedule's factor at this step).
     */
    Map<String, Object> run(List<Episode> batch, SplittableRandom rng, double lrScale) {
        this.lrScale = lrScale;
        this.gradNorm = 0;
        Map<Group, double[][]> dist = logProbsNowAndRef(batch);
        List<List<Sample[]>> rollouts = rollout(batch, dist, rng);
        if (ppo) {
            RlAdvantages.gae(rollouts, config.gamma(), config.lam(), config.klCoeff(), policy);
        } else {
            RlAdvantages.grpo(rollouts, config.gamma());
        }
        List<Sample> samples = new ArrayList<>();
        Map<Group, List<Sample>> byGroup = new LinkedHashMap<>();
        rollouts.forEach(perEpisode -> perEpisode.forEach(r -> {
            for (Sample s : r) {
                samples.add(s);
                byGroup.computeIfAbsent(s.group, g -> new ArrayList<>()).add(s);
            }
        }));
        double[] sums = new double[6]; // pg_loss, ppo_kl, clipfrac, kl, entropy, vf_loss
        for (int e = 0; e < config.ppoEpochs(); e++) {
            updateActor(byGroup, dist, samples.size(), sums, e == 0);
            if (ppo) {
                sums[5] += updateCritic(samples);
            }
        }
        return metrics(samples, sums);
    }

    /**
     * For every group of the batch, in parallel: log-probabilities under the current and the
     * reference policy. The current policy's pass is recorded on a tape, so the first update
     * (same weights) sends its gradient back through it instead of running the forward again.
     */
    private Map<Group, double[][]> logProbsNowAndRef(List<Episode> batch) {
        groups = new ArrayList<>(new LinkedHashSet<>(batch.stream().flatMap(e -> e.steps().stream()).toList()));
        int chunks = chunks();
        recordedGrads = new double[chunks][policy.weights.length];
        recorded = new PolicyModel.Pass[groups.size()];
        double[][][] lp = new double[groups.size()][][];
        Parallel.forEach(chunks, c -> {
            for (int i = c; i < groups.size(); i += chunks) {
                Group g = groups.get(i);
                recorded[i] = policy.model().record(policy.weights, recordedGrads[c], g.input());
                double[] ref = referenceLogp.get(g);
                lp[i] = new double[][] {logSoftmax(recorded[i].scores()),
                        ref != null ? ref : logSoftmax(policy.logits(reference, g))};
            }
        });
        for (int i = 0; i < lp.length; i++) {
            referenceLogp.putIfAbsent(groups.get(i), lp[i][1]);
        }
        Map<Group, double[][]> out = new LinkedHashMap<>();
        for (int i = 0; i < lp.length; i++) {
            out.put(groups.get(i), lp[i]);
        }
        return out;
    }

    private int chunks() {
        return Math.min(policy.model().gradientChunks(), groups.size());
    }

    /** Per episode, {@code n} rollouts; each rollout is one sampled choice per step. */
    private List<List<Sample[]>> rollout(List<Episode> batch, Map<Group, double[][]> dist, SplittableRandom rng) {
        int n = config.rolloutBatchSize();
        List<List<Sample[]>> out = new ArrayList<>(batch.size());
        for (Episode episode : batch) {
            List<Sample[]> perEpisode = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Sample[] steps = new Sample[episode.steps().size()];
                for (int t = 0; t < steps.length; t++) {
                    Group g = episode.steps().get(t);
                    double[][] lp = dist.get(g);
                    int c = sample(lp[0], rng);
                    steps[t] = new Sample(g, c, lp[0][c], lp[1][c], g.rewards()[c]);
                }
                perEpisode.add(steps);
            }
            out.add(perEpisode);
        }
        return out;
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

    /**
     * One Adam step of the actor: each group's forward and backward pass runs on its own tape,
     * in parallel; the gradient is summed in {@link Parallel#GRADIENT_CHUNKS} fixed chunks, then
     * the chunks in order, so a run is bit-exact whatever the thread count. The first update
     * reuses the rollout's recorded forward passes.
     */
    private void updateActor(Map<Group, List<Sample>> byGroup, Map<Group, double[][]> dist, int samples, double[] sums,
                             boolean first) {
        int chunks = chunks();
        double[][] grads = first ? recordedGrads : new double[chunks][policy.weights.length];
        double[][] partial = new double[chunks][5];
        Parallel.forEach(chunks, c -> {
            for (int i = c; i < groups.size(); i += chunks) {
                Group g = groups.get(i);
                PolicyModel.Pass pass = first ? recorded[i] : policy.model().record(policy.weights, grads[c], g.input());
                pass.backward(lossGradient(byGroup.get(g), logSoftmax(pass.scores()), dist.get(g)[1], samples, partial[c]));
            }
        });
        if (first) {
            recorded = null;
            recordedGrads = null;
        }
        double[] grad = grads[0];
        for (int c = 1; c < chunks; c++) {
            for (int i = 0; i < grad.length; i++) {
                grad[i] += grads[c][i];
            }
        }
        for (double[] p : partial) {
            for (int k = 0; k < p.length; k++) {
                sums[k] += p[k];
            }
        }
        // VeRL's actor.grad_clip: the gradient's global norm is clipped before the Adam step.
        double norm = 0;
        for (double g : grad) {
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        gradNorm += norm / config.ppoEpochs();
        if (gradClip > 0 && norm > gradClip) {
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= gradClip / norm;
            }
        }
        actorAdam.step(policy.weights, grad, config.learningRate() * lrScale);
    }

    /**
     * One group's share of the gradient of the actor's loss with respect to its candidates'
     * scores; adds the group's share of the metrics to {@code sums}.
     */
    private double[] lossGradient(List<Sample> samples, double[] lp, double[] ref, double n, double[] sums) {
        double[] dz = new double[lp.length];
        double eps = config.clipRange();
        double kl = 0;
        double entropy = 0;
        for (int j = 0; j < lp.length; j++) {
            double p = Math.exp(lp[j]);
            kl += p * (lp[j] - ref[j]);
            entropy -= p * lp[j];
        }
        for (Sample s : samples) {
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
                for (int j = 0; j < dz.length; j++) {
                    dz[j] -= coef * Math.exp(lp[j]);
                }
                dz[s.choice] += coef;
            }
            sums[3] += kl / n;
            sums[4] += entropy / n;
            if (entropyCoeff > 0) {
                // the entropy bonus (VeRL's actor.entropy_coeff): d(-c H)/dz_j = c p_j (log p_j + H)
                double coef = entropyCoeff / n;
                for (int j = 0; j < dz.length; j++) {
                    dz[j] += coef * Math.exp(lp[j]) * (lp[j] + entropy);
                }
            }
            if (!ppo) {
                // GRPO's KL loss, exact over the candidates: dKL/dz_j = p_j (log p_j - log ref_j - KL)
                double coef = config.klCoeff() / n;
                for (int j = 0; j < dz.length; j++) {
                    dz[j] += coef * Math.exp(lp[j]) * (lp[j] - ref[j] - kl);
                }
            }
        }
        return dz;
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
        criticAdam.step(policy.valueWeights, criticGrad, criticLr);
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
        m.put("actor/grad_norm", gradNorm);
        m.put("actor/lr", config.learningRate() * lrScale);
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
