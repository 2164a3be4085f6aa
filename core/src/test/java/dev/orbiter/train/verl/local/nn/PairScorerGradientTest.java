package dev.orbiter.train.verl.local.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scorer's hand-written backward pass agrees with finite differences of its forward pass. */
class PairScorerGradientTest {

    static final PairScorer SCORER = new PairScorer(new ScorerShape(8, 2, 12, 2, 2, 64, 16));
    static final TextCodes PROMPT = SCORER.promptCodes("Reverse 'cat', then: 12 + 7?");
    static final TextCodes[] RESPONSES = {SCORER.responseCodes("tac"), SCORER.responseCodes("19"),
            SCORER.responseCodes(""), SCORER.responseCodes("CAT cat")};
    static final double[] DZ = {0.7, -0.3, 0.2, -0.6};

    @Test
    void givenRandomWeights_whenTheTapeRunsBackward_thenEveryGradientMatchesFiniteDifferences() {
        double[] w = SCORER.initialWeights(3);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < w.length; i++) {
            w[i] += 0.1 * (rng.nextDouble() - 0.5); // off the initial symmetric point: biases non-zero, gains not 1
        }
        double[] grad = new double[w.length];
        Tape tape = new Tape(w, grad);
        tape.backward(SCORER.scores(tape, PROMPT, RESPONSES), DZ);

        int checked = 0;
        double worst = 0;
        for (Slice s : SCORER.layout()) {
            for (int k = 0; k < Math.min(6, s.size()); k++) {
                int i = s.offset() + rng.nextInt(s.size());
                double numeric = numeric(w, i);
                double scale = Math.max(1e-3, Math.abs(numeric) + Math.abs(grad[i]));
                worst = Math.max(worst, Math.abs(numeric - grad[i]) / scale);
                assertThat(Math.abs(numeric - grad[i])).as(s.name() + "[" + (i - s.offset()) + "]")
                        .isLessThan(1e-5 + 1e-3 * Math.abs(numeric));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(worst).isLessThan(1e-2);
    }

    @Test
    void givenOneGroup_whenScoredWithAndWithoutATape_thenTheScoresAreIdentical() {
        double[] w = SCORER.initialWeights(9);
        Tape tape = new Tape(w, new double[w.length]);
        double[] recorded = SCORER.scores(tape, PROMPT, RESPONSES).v.clone();
        assertThat(SCORER.logits(w, PROMPT, RESPONSES)).containsExactly(recorded);
        assertThat(recorded[0]).isNotEqualTo(recorded[1]);
    }

    private static double numeric(double[] w, int i) {
        double keep = w[i];
        double h = 1e-5;
        w[i] = keep + h;
        double up = objective(w);
        w[i] = keep - h;
        double down = objective(w);
        w[i] = keep;
        return (up - down) / (2 * h);
    }

    private static double objective(double[] w) {
        double[] z = SCORER.logits(w, PROMPT, RESPONSES);
        double s = 0;
        for (int c = 0; c < z.length; c++) {
            s += DZ[c] * z[c];
        }
        return s;
    }
}
