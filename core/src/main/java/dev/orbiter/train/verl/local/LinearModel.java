package dev.orbiter.train.verl.local;

import java.util.List;

/**
 * The linear LOCAL model: a candidate's score is the sum of the weights of its hashed
 * (prompt, response) features ({@link FeatureHasher#pairFeatures}); fresh weights are zero.
 */
record LinearModel(FeatureHasher hasher) implements PolicyModel {

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public int size() {
        return hasher.buckets();
    }

    @Override
    public int gradientChunks() {
        return 1;
    }

    @Override
    public double[] initialWeights(long seed) {
        return new double[hasher.buckets()];
    }

    @Override
    public Encoded encode(String prompt, List<String> responses) {
        int[][] features = new int[responses.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = hasher.pairFeatures(prompt, responses.get(i));
        }
        return new Encoded(features, null, null);
    }

    @Override
    public double[] logits(double[] w, Encoded input) {
        int[][] features = input.features();
        double[] z = new double[features.length];
        for (int i = 0; i < z.length; i++) {
            for (int f : features[i]) {
                z[i] += w[f];
            }
        }
        return z;
    }

    @Override
    public Pass record(double[] w, double[] gradient, Encoded input) {
        double[] scores = logits(w, input);
        return new Pass() {
            @Override
            public double[] scores() {
                return scores.clone();
            }

            @Override
            public void backward(double[] dz) {
                int[][] features = input.features();
                for (int c = 0; c < features.length; c++) {
                    if (dz[c] != 0) {
                        for (int f : features[c]) {
                            gradient[f] += dz[c];
                        }
                    }
                }
            }
        };
    }
}
