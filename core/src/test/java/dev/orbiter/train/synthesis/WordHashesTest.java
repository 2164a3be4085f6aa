package dev.orbiter.train.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Word hashes are kept in the curation's changelogged dedup store and compared with those of
 * steps read after a restart, so a faster {@link NearDuplicateIndex#wordHashes} must give the
 * very values it gave before: {@link #reference} is that earlier definition, kept here as the
 * specification.
 */
class WordHashesTest {

    @Test
    void givenAsciiAndUnicodeText_whenHashed_thenTheValuesAreThoseOfTheReferenceDefinition() {
        String[] texts = {"", " ", "The cat  sat on\tthe MAT.\n", "a\u000bb\u000cc\rd\u001ce\u001ff\u007fg",
            "Ünïcödé ÄBC äbc\u2003em\u00a0nbsp \u3000ideographic", "ΣΊΣΥΦΟΣ σίσυφος 😀 emoji 😀",
            "repeated repeated REPEATED Repeated", "x".repeat(5000) + " y"};
        for (String t : texts) {
            assertThat(NearDuplicateIndex.wordHashes(t)).as(t).containsExactly(reference(t));
        }
    }

    @Property(tries = 200)
    void anyGeneratedText_hashesAsTheReferenceDoes(@ForAll @IntRange(min = 0, max = 3000) int words,
                                                   @ForAll @IntRange(min = 1, max = 5000) int vocabulary,
                                                   @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder();
        String separators = " \t\n  \r\u2028";
        for (int i = 0; i < words; i++) {
            int w = rng.nextInt(vocabulary);
            b.append(rng.nextBoolean() ? "w" : "W").append(w).append(w % 7 == 0 ? "É" : "")
                    .append(separators.charAt(rng.nextInt(separators.length())));
        }
        String text = b.toString();
        assertThat(NearDuplicateIndex.wordHashes(text)).containsExactly(reference(text));
    }

    @Property(tries = 300)
    void hashSort_givesTheDistinctValuesInSignedOrder(@ForAll @IntRange(min = 0, max = 4000) int n,
                                                      @ForAll @IntRange(min = 1, max = 5000) int distinct,
                                                      @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] pool = rng.longs(distinct).toArray();
        pool[0] = Long.MIN_VALUE; // the extremes sort to the ends
        pool[pool.length - 1] = Long.MAX_VALUE;
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = pool[rng.nextInt(pool.length)];
        }
        long[] expected = Arrays.stream(values).distinct().sorted().toArray();
        assertThat(HashSort.sortDistinct(values.clone(), n)).containsExactly(expected);
    }

    @Test
    void hashSort_ofManyCopiesOfFewValuesStillSortsThem() {
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 3 - 1) * 0x0100_0000_0000_0000L + i % 2; // six values, all in a few buckets
        }
        assertThat(HashSort.sortDistinct(values, values.length)).containsExactly(
                -0x0100_0000_0000_0000L, -0x0100_0000_0000_0000L + 1, 0, 1, 0x0100_0000_0000_0000L,
                0x0100_0000_0000_0000L + 1);
    }

    @Property(tries = 200)
    void signature_isTheMinimumOfEachHashFunction(@ForAll @IntRange(min = 0, max = 600) int words, @ForAll long seed) {
        long[] hashes = new SplittableRandom(seed).longs(words).toArray();
        int[] expected = new int[NearDuplicateIndex.NUM_HASHES];
        Arrays.fill(expected, Integer.MAX_VALUE);
        for (long w : hashes) {
            int x = (int) (w ^ (w >>> 32));
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Math.min(expected[i], NearDuplicateIndex.MUL[i] * x + NearDuplicateIndex.ADD[i]);
            }
        }
        assertThat(NearDuplicateIndex.signature(hashes)).containsExactly(expected);
    }

    /** The definition before the ASCII fast path and the bucket sort (commit 57dabc0). */
    private static long[] reference(String text) {
        long[] out = new long[16];
        int n = 0;
        long h = 0;
        boolean inWord = false;
        for (int i = 0, len = text.length(); i <= len; i++) {
            char c = i < len ? text.charAt(i) : ' ';
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = NearDuplicateIndex.splitmix(h);
                    inWord = false;
                }
            } else {
                h = inWord ? (h ^ Character.toLowerCase(c)) * 0x100000001B3L
                        : (0xCBF29CE484222325L ^ Character.toLowerCase(c)) * 0x100000001B3L;
                inWord = true;
            }
        }
        return Arrays.stream(out, 0, n).distinct().sorted().toArray();
    }
}
