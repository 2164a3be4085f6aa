package dev.orbiter.train.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The vocabulary-free estimate on text whose real token counts are known. */
class TokenCounterTest {

    private final TokenCounter estimate = TokenCounter.estimate();

    @Test
    void shortWordsAreOneTokenEach_andLongOnesSeveral() {
        assertThat(estimate.count("the cat sat on the mat")).isEqualTo(6);
        assertThat(estimate.count("internationalization")).isEqualTo(3);
        assertThat(estimate.count("")).isZero();
    }

    @Test
    void punctuationDigitsAndSpaceRunsArePiecesOfTheirOwn() {
        assertThat(estimate.count("2+2=4")).isEqualTo(5);
        assertThat(estimate.count("hello,    world!")).isEqualTo(4);
    }

    @Test
    void englishProseIsAboutOneAndAThirdTokensPerWord() {
        String prose = "Reinforcement learning from human feedback trains a reward model on preferences and then"
                + " optimises the policy against it, while a penalty keeps it close to the reference model.";
        int words = prose.split("\\s+").length;
        assertThat((double) estimate.count(prose) / words).isBetween(1.1, 1.5);
    }
}
