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
    void givenACopiedRunWithOneByteChanged_whenAligned_thenTheNeighbourBitsMarkTheRunAndBreakAtTheChange() {
        TextCodes prompt = TextCodes.of("id 4821.", 64, true);
        TextCodes exact = TextCodes.of("4821", 64, true);
        TextCodes changed = TextCodes.of("4871", 64, true);
        int m = prompt.length();
        int[] good = TextCodes.alignment(exact, prompt);
        int[] bad = TextCodes.alignment(changed, prompt);

        // the copy's '8' (response 1) against the prompt's '8' (prompt 4): same byte, and both neighbours too
        assertThat(good[1 * m + 4] & (16 | 64 | 128)).isEqualTo(16 | 64 | 128);
        // the first byte has nothing before it in the response; the last has the end marker after it
        assertThat(good[0 * m + 3] & 64).isZero();
        assertThat(good[0 * m + 3] & 128).isNotZero();
        assertThat(good[3 * m + 6] & 128).as("the end marker is not a copied byte").isZero();
        // in the near miss, '8' still matches but its next byte ('7' against '2') does not
        assertThat(bad[1 * m + 4] & 16).isNotZero();
        assertThat(bad[1 * m + 4] & 128).isZero();
        // and the changed '7' matches nothing in the prompt
        for (int i = 0; i < m; i++) {
            assertThat(bad[2 * m + i] & (16 | 64 | 128)).isZero();
        }
        // the neighbour bits are only set on top of the same byte
        for (int b : good) {
            assertThat((b & (64 | 128)) == 0 || (b & 16) != 0).isTrue();
        }
    }

    @Test
    void givenANearMissCopy_whenProfiled_thenEachByteSaysWhetherItSitsInACopiedRun() {
        TextCodes prompt = TextCodes.of("id 4821.", 64, true);
        TextCodes exact = TextCodes.of("4821", 64, true);
        TextCodes changed = TextCodes.of("4871", 64, true);

        int[] good = TextCodes.copyProfile(TextCodes.alignment(exact, prompt), exact.length(), prompt.length());
        int[] bad = TextCodes.copyProfile(TextCodes.alignment(changed, prompt), changed.length(), prompt.length());

        // bit 0 the same byte, bit 1 with its previous byte too, bit 2 with its next; the end marker has none
        assertThat(good).containsExactly(1 | 4, 1 | 2 | 4, 1 | 2 | 4, 1 | 2, 0);
        // '8' loses its next, '7' is in no prompt, '1' loses its previous
        assertThat(bad).containsExactly(1 | 4, 1 | 2, 0, 1, 0);
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
