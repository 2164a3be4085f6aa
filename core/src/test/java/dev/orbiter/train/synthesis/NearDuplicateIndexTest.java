package dev.orbiter.train.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NearDuplicateIndexTest {

    /**
     * Corpus: {@link NearDupCorpus#texts} with 3,000 texts, seed 7 (about 300 near copies).
     * Measured when written: 178 items dropped by exact dedup, decision agreement 1.0000
     * (3000/3000 items), 187 pairs with exact Jaccard >= 0.8, all found by LSH (recall 1.0000). The bar is 0.99 for both.
     */
    @Test
    void givenTheBenchmarkCorpus_whenDeduplicatedAt08_thenDecisionsAgreeWithExactJaccard() {
        double threshold = 0.8;
        List<String> texts = NearDupCorpus.texts(3000, 7);
        long[][] words = texts.stream().map(NearDuplicateIndex::wordSet).toArray(long[][]::new);
        boolean[] exact = exactKeep(words, threshold);
        NearDuplicateIndex index = new NearDuplicateIndex(threshold);
        int agree = 0;
        for (int i = 0; i < texts.size(); i++) {
            if (index.addIfNew(texts.get(i)) == exact[i]) {
                agree++;
            }
        }
        double decisionAgreement = agree / (double) texts.size();

        long[][] bands = texts.stream().map(index::bandKeysOf).toArray(long[][]::new);
        int positives = 0;
        int found = 0;
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                if (NearDuplicateIndex.jaccard(words[i], words[j]) >= threshold) {
                    positives++;
                    if (NearDuplicateIndex.shareBand(bands[i], bands[j])) {
                        found++;
                    }
                }
            }
        }
        double recall = found / (double) positives;
        String measured = String.format("dropped(exact)=%d, decision agreement=%.4f, positive pairs=%d, recall=%.4f",
                countFalse(exact), decisionAgreement, positives, recall);
        assertThat(positives).as("the corpus has near duplicates on both sides of the threshold").isGreaterThan(100);
        assertThat(decisionAgreement).as(measured).isGreaterThanOrEqualTo(0.99);
        assertThat(recall).as(measured).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void theEarlyExitThresholdCheckDecidesExactlyAsTheExactJaccard() {
        // Given pairs of word sets of every overlap, from disjoint to equal, small and large
        java.util.Random rng = new java.util.Random(7);
        int checked = 0;
        int above = 0;
        for (int pair = 0; pair < 20_000; pair++) {
            int vocabulary = 2 + rng.nextInt(40);
            long[] a = randomSet(rng, vocabulary);
            long[] b = randomSet(rng, vocabulary);
            for (double t : new double[] {0.0, 0.1, 1.0 / 3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0}) {
                // Then the early exit never changes a decision, at thresholds hit exactly (1/3, 0.5) too
                boolean exact = NearDuplicateIndex.jaccard(a, b) >= t;
                assertThat(NearDuplicateIndex.similarAtLeast(a, b, t)).as("J=%s t=%s", NearDuplicateIndex.jaccard(a, b), t)
                        .isEqualTo(exact);
                checked++;
                above += exact ? 1 : 0;
            }
        }
        assertThat(above).as("both outcomes occur").isBetween(checked / 10, checked - checked / 10);
        assertThat(NearDuplicateIndex.similarAtLeast(new long[0], new long[0], 1.0)).isTrue();
    }

    /** A sorted set of distinct values drawn from {@code 0..vocabulary-1}, each present with probability 1/2. */
    private static long[] randomSet(java.util.Random rng, int vocabulary) {
        return java.util.stream.LongStream.range(0, vocabulary).filter(v -> rng.nextBoolean()).toArray();
    }

    @Test
    void bandsAreChosenForHighRecallAtTheThreshold() {
        assertThat(NearDuplicateIndex.rowsPerBand(0.8)).isEqualTo(4);
        for (double t : new double[] {0.3, 0.5, 0.8, 0.9, 1.0}) {
            int r = NearDuplicateIndex.rowsPerBand(t);
            int b = NearDuplicateIndex.NUM_HASHES / r;
            assertThat(1 - Math.pow(1 - Math.pow(t, r), b)).as("t=" + t).isGreaterThanOrEqualTo(0.999);
        }
    }

    @Test
    void similarityIsJaccardOfLowerCasedWordSets() {
        assertThat(NearDuplicateIndex.similarity("a b c d", "A B C E")).isEqualTo(3.0 / 5.0);
        assertThat(NearDuplicateIndex.similarity("", "")).isEqualTo(1.0);
        assertThat(NearDuplicateIndex.similarity("", "a")).isEqualTo(0.0);
        assertThat(NearDuplicateIndex.similarity("a a  b", "b a")).isEqualTo(1.0);
    }

    @Test
    void thresholdOutsideTheUnitIntervalIsRejected() {
        assertThatThrownBy(() -> new NearDuplicateIndex(0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> new NearDuplicateIndex(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenManyThreadsAddingTheSameTexts_whenDone_thenEachDistinctTextIsKeptOnce() throws Exception {
        NearDuplicateIndex index = new NearDuplicateIndex(0.9);
        List<String> distinct = NearDupCorpus.texts(200, 11).subList(0, 50);
        AtomicInteger kept = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> distinct.forEach(s -> {
                    if (index.addIfNew(s)) {
                        kept.incrementAndGet();
                    }
                })));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int expected = 0;
        NearDuplicateIndex sequential = new NearDuplicateIndex(0.9);
        for (String s : distinct) {
            expected += sequential.addIfNew(s) ? 1 : 0;
        }
        assertThat(kept.get()).isEqualTo(expected).isEqualTo(index.size());
    }

    /** The quadratic reference: compare each text with every kept one. */
    private static boolean[] exactKeep(long[][] texts, double threshold) {
        boolean[] keep = new boolean[texts.length];
        List<long[]> kept = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            boolean dup = false;
            for (long[] k : kept) {
                if (NearDuplicateIndex.jaccard(texts[i], k) >= threshold) {
                    dup = true;
                    break;
                }
            }
            keep[i] = !dup;
            if (!dup) {
                kept.add(texts[i]);
            }
        }
        return keep;
    }

    private static int countFalse(boolean[] a) {
        int n = 0;
        for (boolean b : a) {
            n += b ? 0 : 1;
        }
        return n;
    }
}
