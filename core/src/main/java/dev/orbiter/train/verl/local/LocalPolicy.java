package dev.orbiter.train.verl.local;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.verl.local.Episodes.Group;
import dev.orbiter.train.verl.local.nn.PairScorer;
import dev.orbiter.train.verl.local.nn.ScorerShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The LOCAL backend's policy: a softmax over a prompt's candidate responses of the score a model
 * gives each (prompt, response) pair, plus a linear value function on hashed prompt features (the
 * PPO critic). The model is {@code linear} (hashed features, the default) or {@code neural} (a
 * small byte-level cross-encoder, {@link PairScorer}). Trained by {@link LocalTrainer}; saved in
 * checkpoints and loadable to serve: {@code LocalPolicy.load(dir).choose(prompt, candidates)}.
 *
 * <p>Not thread-safe while training; a loaded policy that is only read is safe to share.
 */
public final class LocalPolicy {

    private final PolicyModel model;
    private final FeatureHasher hasher;
    final double[] weights;
    final double[] valueWeights;

    /** A fresh linear policy (zero weights) with {@code buckets} feature buckets for actor and critic. */
    LocalPolicy(int buckets) {
        this(new LinearModel(new FeatureHasher(buckets)), new FeatureHasher(buckets), null, 0);
    }

    /** A fresh neural policy: scorer weights drawn for {@code seed}, a zero critic. */
    LocalPolicy(ScorerShape shape, long seed, int buckets) {
        this(new NeuralModel(new PairScorer(shape)), new FeatureHasher(buckets), null, seed);
    }

    private LocalPolicy(PolicyModel model, FeatureHasher hasher, double[] weights, long seed) {
        this(model, hasher, weights == null ? model.initialWeights(seed) : weights, new double[hasher.buckets()]);
    }

    LocalPolicy(PolicyModel model, FeatureHasher hasher, double[] weights, double[] valueWeights) {
        this.model = model;
        this.hasher = hasher;
        this.weights = weights;
        this.valueWeights = valueWeights;
        if (weights.length != model.size()) {
            throw new IllegalArgumentException("a " + model.kind() + " model has " + model.size() + " weights, got "
                    + weights.length);
        }
        if (valueWeights.length != hasher.buckets()) {
            throw new IllegalArgumentException("value weights must have " + hasher.buckets() + " entries");
        }
    }

    /**
     * Loads a policy: from a checkpoint file ({@code policy.bin}), a checkpoint directory
     * ({@code global_step_N}), or an output directory (its latest checkpoint).
     */
    public static LocalPolicy load(Path path) {
        try {
            return Checkpoints.readPolicy(Checkpoints.policyFile(path));
        } catch (IOException e) {
            throw new TrainerError("cannot load LOCAL policy from " + path + ": " + e.getMessage(), e);
        }
    }

    /** Saves the policy to one file, atomically. */
    public void save(Path file) {
        try {
            Checkpoints.writePolicy(file, this);
        } catch (IOException e) {
            throw new TrainerError("cannot save LOCAL policy to " + file + ": " + e.getMessage(), e);
        }
    }

    public FeatureHasher hasher() {
        return hasher;
    }

    PolicyModel model() {
        return model;
    }

    /** {@code linear} or {@code neural}. */
    public String kind() {
        return model.kind();
    }

    /** The policy's probability of each candidate for the prompt (sums to 1). */
    public double[] probabilities(String prompt, List<String> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to choose from");
        }
        return softmax(model.logits(weights, model.encode(prompt, candidates)));
    }

    /** The most likely candidate (the first of equals). */
    public String choose(String prompt, List<String> candidates) {
        return candidates.get(argmax(probabilities(prompt, candidates)));
    }

    /** The critic's estimate of the return from this prompt. */
    public double value(String prompt) {
        return value(hasher.promptFeatures(prompt));
    }

    double value(int[] promptFeatures) {
        double s = 0;
        for (int f : promptFeatures) {
            s += valueWeights[f];
        }
        return s;
    }

    /** The candidates' scores for a group under this policy's weights. */
    double[] logits(Group g) {
        return logits(weights, g);
    }

    /** The candidates' scores for a group under other weights of the same scorer (the reference policy). */
    double[] logits(double[] w, Group g) {
        return model.logits(w, g.input());
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
