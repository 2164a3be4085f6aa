package dev.orbiter.train.verl.local;

import dev.orbiter.train.verl.local.nn.TextCodes;
import java.util.List;

/**
 * What scores a prompt's candidate responses for the LOCAL policy: {@link LinearModel} (hashed
 * features, the default) or {@link NeuralModel} (a byte-level neural cross-encoder). Both keep
 * their parameters in one flat weight vector, so the optimiser, the reference policy and the
 * checkpoints treat them alike.
 */
sealed interface PolicyModel permits LinearModel, NeuralModel {

    /** A group's inputs as the model reads them: hashed features, or bytes; the other is null. */
    record Encoded(int[][] features, TextCodes prompt, TextCodes[] responses) {
    }

    /** One forward pass recorded for its backward pass. */
    interface Pass {
        /** The candidates' scores. */
        double[] scores();

        /** Adds the gradient of {@code dz . scores} with respect to the weights into the pass's buffer. */
        void backward(double[] dz);
    }

    /** {@code linear} or {@code neural}: the value of {@code local_policy}. */
    String kind();

    int size();

    /**
     * In how many fixed chunks a step's gradient is summed (each chunk's groups on one thread):
     * more only where a group's pass costs more than a weight-sized buffer.
     */
    int gradientChunks();

    double[] initialWeights(long seed);

    Encoded encode(String prompt, List<String> responses);

    double[] logits(double[] weights, Encoded input);

    /** A forward pass under {@code weights} whose backward adds into {@code gradient}. */
    Pass record(double[] weights, double[] gradient, Encoded input);
}
