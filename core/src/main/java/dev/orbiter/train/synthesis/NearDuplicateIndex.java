package dev.orbiter.train.synthesis;

import java.util.Arrays;

/**
 * Near-duplicate detection by Jaccard similarity of word sets, in sub-quadratic time: MinHash
 * signatures (64 hash functions) bucketed by LSH bands select candidates, and each candidate is
 * confirmed with the exact Jaccard of the two word sets, so the index never drops an item that
 * is not a near duplicate; it can only miss one when no band collides. Bands and rows are chosen
 * so a pair exactly at the threshold collides with probability at least 0.999; pairs above it
 * collide even more surely. Thread-safe: signatures are computed outside the lock.
 *
 * <p>Words are the lower-cased runs of characters between whitespace. Two empty texts are
 * identical (similarity 1); an empty and a non-empty text share nothing.
 */
public final class NearDuplicateIndex {

    static final int NUM_HASHES = 64;
    // 32-bit multiply-add hash functions: the signature loop over int arrays vectorises (SIMD).
    static final int[] MUL = new int[NUM_HASHES];
    static final int[] ADD = new int[NUM_HASHES];

    static {
        long s = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < NUM_HASHES; i++) {
            s = splitmix(s);
            MUL[i] = (int) s | 1;
            s = splitmix(s);
            ADD[i] = (int) s;
        }
    }

    private final double threshold;
    private final int rows;
    private final int bands;
    private final BucketMap buckets = new BucketMap();
    private long[][] sets = new long[1024][];
    private int size;

    /** An index that treats texts with Jaccard similarity {@code >= threshold} as duplicates. */
    public NearDuplicateIndex(double threshold) {
        if (!(threshold > 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        this.threshold = threshold;
        this.rows = rowsPerBand(threshold);
        this.bands = NUM_HASHES / rows;
    }

    /** Largest band height whose collision probability at the threshold is still >= 0.999. */
    static int rowsPerBand(double t) {
        int best = 1;
        for (int r = 1; r <= NUM_HASHES; r++) {
            int b = NUM_HASHES / r;
            double miss = Math.pow(1.0 - Math.pow(t, r), b);
            if (1.0 - miss >= 0.999) {
                best = r;
            }
        }
        return best;
    }

    public double threshold() {
        return threshold;
    }

    /** Number of texts kept so far. */
    public synchronized int size() {
        return size;
    }

    /**
     * Adds the text unless it is a near duplicate of a text already kept.
     *
     * @return true if the text was new (and is now kept), false if it is a near duplicate
     */
    public boolean addIfNew(String text) {
        long[] words = wordSet(text);
        int[] sig = signature(words);
        long[] keys = bandKeys(sig);
        synchronized (this) {
            for (long key : keys) {
                for (int e = buckets.head(key); e >= 0; e = buckets.next(e)) {
                    if (similarAtLeast(words, sets[buckets.value(e)], threshold)) {
                        return false;
                    }
                }
            }
            if (size == sets.length) {
                sets = Arrays.copyOf(sets, size * 2);
            }
            sets[size] = words;
            for (long key : keys) {
                buckets.add(key, size);
            }
            size++;
            return true;
        }
    }

    /** The LSH band keys of a text: two texts are compared only if some band key is equal. */
    long[] bandKeysOf(String text) {
        return bandKeys(signature(wordSet(text)));
    }

    /** Whether two texts' band keys collide, i.e. whether the index would compare them. */
    static boolean shareBand(long[] ka, long[] kb) {
        for (int i = 0; i < ka.length; i++) {
            if (ka[i] == kb[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sorted, distinct word hashes of a text: what the index compares. Indexes kept elsewhere
     * (the curation topology keeps them in a changelogged state store) store these and compare
     * them with {@link #wordSetSimilarity}.
     */
    public static long[] wordHashes(String text) {
        return wordSet(text);
    }

    /** The LSH band keys of a text's {@link #wordHashes}, for this index's threshold. */
    public long[] bandKeysOfWords(long[] wordHashes) {
        return bandKeys(signature(wordHashes));
    }

    /**
     * Whether {@code wordSetSimilarity(a, b) >= threshold}, the same decision to the last bit, but
     * cheaper: Jaccard is at most min/max of the sizes, and the merge stops as soon as the words
     * left cannot lift it to the threshold (most candidates of an LSH bucket are not near copies).
     */
    public static boolean similarAtLeast(long[] a, long[] b, double threshold) {
        int na = a.length;
        int nb = b.length;
        if (na == 0 && nb == 0) {
            return 1.0 >= threshold;
        }
        // Correctly rounded division is monotone, so each bound below errs the same way as the exact ratio.
        if ((double) Math.min(na, nb) / Math.max(na, nb) < threshold) {
            return false;
        }
        int n = na + nb;
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < na && j < nb) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
                continue;
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
            int reachable = common + Math.min(na - i, nb - j);
            if ((double) reachable / (n - reachable) < threshold) {
                return false;
            }
        }
        return (double) common / (n - common) >= threshold;
    }

    /** The exact Jaccard similarity of two {@link #wordHashes} results. */
    public static double wordSetSimilarity(long[] a, long[] b) {
        return jaccard(a, b);
    }

    /** The exact Jaccard similarity of two texts' word sets (the index's ground truth). */
    public static double similarity(String a, String b) {
        return jaccard(wordSet(a), wordSet(b));
    }

    /** Sorted, distinct 64-bit hashes of the lower-cased words of a text. */
    static long[] wordSet(String text) {
        int len = text.length();
        long[] out = new long[Math.max(16, len >> 3)];
        int n = 0;
        long h = 0;
        boolean inWord = false;
        for (int i = 0; i <= len; i++) {
            char c = i < len ? text.charAt(i) : ' ';
            // ASCII, the usual case, without Character's table lookups: the same answers
            boolean space = c < 128 ? c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31) : Character.isWhitespace(c);
            if (space) {
                if (inWord) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = splitmix(h);
                    inWord = false;
                }
            } else {
                char lower = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
                h = ((inWord ? h : 0xCBF29CE484222325L) ^ lower) * 0x100000001B3L;
                inWord = true;
            }
        }
        return HashSort.sortDistinct(out, n);
    }

    static double jaccard(long[] a, long[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1.0;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }

    /**
     * The MinHash signature. The minimum is taken without {@code Math.min} or a branch: JDK 17's C2
     * does not vectorise a minimum of ints, and this loop was most of the cost of a step's band keys
     * on agent text (145 words: 6.6 us with {@code Math.min}, 3.1 us so). The values are the same.
     */
    static int[] signature(long[] words) {
        int[] sig = new int[NUM_HASHES];
        Arrays.fill(sig, Integer.MAX_VALUE);
        int[] mul = MUL;
        int[] add = ADD;
        for (long w : words) {
            int x = (int) (w ^ (w >>> 32)); // words are already mixed 64-bit hashes
            for (int i = 0; i < NUM_HASHES; i++) {
                int v = mul[i] * x + add[i];
                int s = sig[i];
                int d = v - s;
                int less = (d ^ ((v ^ s) & (d ^ v))) >> 31; // all ones when v < s, even if v - s overflows
                sig[i] = s ^ ((s ^ v) & less);
            }
        }
        return sig;
    }

    private long[] bandKeys(int[] sig) {
        long[] keys = new long[bands];
        for (int b = 0; b < bands; b++) {
            long k = 0x51_7C_C1_B7_27_22_0A_95L * (b + 1);
            for (int r = 0; r < rows; r++) {
                k = splitmix(k ^ sig[b * rows + r]);
            }
            keys[b] = k;
        }
        return keys;
    }

    static long splitmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An open-addressing multimap from band key to kept-item index, without boxing. */
    private static final class BucketMap {
        private long[] keys = new long[1 << 12];
        private int[] heads = new int[1 << 12];
        private boolean[] used = new boolean[1 << 12];
        private int[] next = new int[1 << 12];
        private int[] values = new int[1 << 12];
        private int slots;
        private int entries;

        int head(long key) {
            int mask = keys.length - 1;
            for (int i = (int) key & mask; used[i]; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return heads[i];
                }
            }
            return -1;
        }

        int next(int entry) {
            return next[entry];
        }

        int value(int entry) {
            return values[entry];
        }

        void add(long key, int value) {
            if ((slots + 1) * 2 > keys.length) {
                rehash();
            }
            if (entries == values.length) {
                values = Arrays.copyOf(values, entries * 2);
                next = Arrays.copyOf(next, entries * 2);
            }
            int mask = keys.length - 1;
            int i = (int) key & mask;
            while (used[i] && keys[i] != key) {
                i = (i + 1) & mask;
            }
            values[entries] = value;
            if (used[i]) {
                next[entries] = heads[i];
            } else {
                used[i] = true;
                keys[i] = key;
                next[entries] = -1;
                slots++;
            }
            heads[i] = entries++;
        }

        private void rehash() {
            long[] oldKeys = keys;
            int[] oldHeads = heads;
            boolean[] oldUsed = used;
            int cap = keys.length * 2;
            keys = new long[cap];
            heads = new int[cap];
            used = new boolean[cap];
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldUsed[j]) {
                    int i = (int) oldKeys[j] & (cap - 1);
                    while (used[i]) {
                        i = (i + 1) & (cap - 1);
                    }
                    used[i] = true;
                    keys[i] = oldKeys[j];
                    heads[i] = oldHeads[j];
                }
            }
        }
    }
}
