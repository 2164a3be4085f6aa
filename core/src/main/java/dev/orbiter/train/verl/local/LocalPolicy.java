package dev.orbiter.train.verl.local;

import dev.orbiter.train.trainer.TrainerError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The LOCAL backend's policy: a softmax over a prompt's candidate responses of a linear score on
 * hashed (prompt, response) features, plus a linear value function on prompt features (the PPO
 * critic). Trained by {@link LocalTrainer}; saved in checkpoints and loadable to serve:
 * {@code LocalPolicy.load(dir).choose(prompt, candidates)}.
 *
 * <p>Not thread-safe while training; a loaded policy that is only read is safe to share.
 */
public final class LocalPolicy {

    private final FeatureHasher hasher;
    final double[] weights;
    final double[] valueWeights;

    LocalPolicy(int buckets) {
        this(new FeatureHasher(buckets), new double[buckets], new double[buckets]);
    }

    LocalPolicy(FeatureHasher hasher, double[] weights, double[] valueWeights) {
        if (weights.length != hasher.buckets() || valueWeights.length != hasher.buckets()) {
            throw new IllegalArgumentException("weights must have " + hasher.buckets() + " entries");
        }
        this.hasher = hasher;
        this.weights = weights;
        this.valueWeights = valueWeights;
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

    /** The policy's probability of each candidate for the prompt (sums to 1). */
    public double[] probabilities(String prompt, List<String> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to choose from");
        }
        int[][] features = new int[candidates.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = hasher.pairFeatures(prompt, candidates.get(i));
        }
        return softmax(logits(features));
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
        return dot(valueWeights, promptFeatures);
    }

    double[] logits(int[][] features) {
        return logits(weights, features);
    }

    /** Each candidate's linear score under weights {@code w}. */
    static double[] logits(double[] w, int[][] features) {
        double[] z = new double[features.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = dot(w, features[i]);
        }
        return z;
    }

    static double dot(double[] w, int[] features) {
        double s = 0;
        for (int f : features) {
            s += w[f];
        }
        return s;
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

    LocalPolicy copy() {
        return new LocalPolicy(hasher, weights.clone(), valueWeights.clone());
    }
}
