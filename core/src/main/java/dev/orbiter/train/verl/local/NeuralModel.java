package dev.orbiter.train.verl.local;

import dev.orbiter.train.verl.local.nn.Node;
import dev.orbiter.train.verl.local.nn.PairScorer;
import dev.orbiter.train.verl.local.nn.Tape;
import dev.orbiter.train.verl.local.nn.TextCodes;
import java.util.List;

/** The neural LOCAL model: a {@link PairScorer} over the prompt's and the responses' bytes. */
record NeuralModel(PairScorer scorer) implements PolicyModel {

    @Override
    public String kind() {
        return "neural";
    }

    @Override
    public int size() {
        return scorer.size();
    }

    @Override
    public int gradientChunks() {
        return Parallel.GRADIENT_CHUNKS;
    }

    @Override
    public double[] initialWeights(long seed) {
        return scorer.initialWeights(seed);
    }

    @Override
    public Encoded encode(String prompt, List<String> responses) {
        TextCodes[] codes = new TextCodes[responses.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = scorer.responseCodes(responses.get(i));
        }
        return new Encoded(null, scorer.promptCodes(prompt), codes);
    }

    @Override
    public double[] logits(double[] w, Encoded input) {
        return scorer.logits(w, input.prompt(), input.responses());
    }

    @Override
    public Pass record(double[] w, double[] gradient, Encoded input) {
        Tape tape = new Tape(w, gradient);
        Node scores = scorer.scores(tape, input.prompt(), input.responses());
        return new Pass() {
            @Override
            public double[] scores() {
                return scores.values();
            }

            @Override
            public void backward(double[] dz) {
                tape.backward(scores, dz);
            }
        };
    }
}
