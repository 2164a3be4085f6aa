package dev.orbiter.train.verl.local.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the scorer reads text: bytes, places in words, and the relations attention is given. */
class TextCodesTest {

    @Test
    void givenAText_whenCoded_thenEachByteKnowsItsPlaceInItsWordFromBothEnds() {
        TextCodes c = TextCodes.of("ab, cde", 64, true);

        assertThat(c.bytes()).containsExactly('a', 'b', ',', ' ', 'c', 'd', 'e', TextCodes.END);
        assertThat(c.fromStart()).containsExactly(0, 1, 12, 12, 0, 1, 2, 12);
        assertThat(c.fromEnd()).containsExactly(1, 0, 12, 12, 2, 1, 0, 12);
        assertThat(c.token()).containsExactly(0, 0, -1, -1, 1, 1, 1, -1);
        assertThat(TextCodes.of("abcdef", 3, false).bytes()).containsExactly('a', 'b', 'c');
    }

    @Test
    void givenAReversedWord_whenAligned_thenTheReversedPlaceAndTheSameLetterAreMarked() {
        TextCodes prompt = TextCodes.of("ab", 64, false);
        TextCodes response = TextCodes.of("BA", 64, false);
        int[] bits = TextCodes.alignment(response, prompt);

        // response 'B' (from start 0, from end 1) against prompt 'b' (from start 1, from end 0)
        int bB = bits[0 * 2 + 1];
        assertThat(bB & 2).as("response from-start = prompt from-end").isNotZero();
        assertThat(bB & 4).as("response from-end = prompt from-start").isNotZero();
        assertThat(bB & 1).as("not the same place from the start").isZero();
        assertThat(bB & 16).as("not the same byte").isZero();
        assertThat(bB & 32).as("the same letter ignoring case").isNotZero();
    }

    @Test
    void givenOneText_whenSelfAligned_thenEachPairHasExactlyOneOffsetBucket() {
        TextCodes t = TextCodes.of("a b c d e f g h i j k l m n o p q r s t", 64, false);
        int[] bits = TextCodes.selfAlignment(t);
        int m = t.length();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                assertThat(Integer.bitCount(bits[i * m + j] >>> 4)).isEqualTo(1);
            }
        }
        assertThat(bits[0] & 1).as("a byte is itself").isNotZero();
        assertThat(bits[0] >>> 4).isEqualTo(1 << 7); // offset 0
        assertThat(bits[m - 1] >>> 4).isEqualTo(1 << 14); // offset beyond 16
    }
}
