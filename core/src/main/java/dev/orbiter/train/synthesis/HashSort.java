package dev.orbiter.train.synthesis;

import java.util.Arrays;

/**
 * Sorts well-mixed 64-bit hashes (a text's word hashes) into distinct values in signed order.
 * Such hashes are spread evenly over their range, so one counting pass on their top bits puts
 * them into buckets of one or two each, which an insertion sort finishes: linear work, where
 * the general-purpose sort it replaces was a tenth of the curation's near-dedup stage on agent
 * text. A bucket that still holds many values (repeated words share a hash) falls back to
 * {@link Arrays#sort}, so no input can make it quadratic.
 */
final class HashSort {

    /** Below this size an insertion sort of the whole range is the cheaper one. */
    private static final int SMALL = 48;

    private HashSort() {
    }

    /** The distinct values of {@code a[0 .. n)}, sorted ascending (signed); {@code a} may be reordered. */
    static long[] sortDistinct(long[] a, int n) {
        if (n <= SMALL) {
            insertionSort(a, 0, n);
            return distinct(a, n);
        }
        int bits = 31 - Integer.numberOfLeadingZeros(n); // about one value per bucket
        int[] starts = new int[(1 << bits) + 1];
        int shift = 64 - bits;
        for (int i = 0; i < n; i++) {
            starts[bucket(a[i], shift) + 1]++;
        }
        for (int b = 1; b < starts.length; b++) {
            starts[b] += starts[b - 1];
        }
        long[] sorted = new long[n];
        int[] fill = Arrays.copyOf(starts, starts.length - 1);
        for (int i = 0; i < n; i++) {
            sorted[fill[bucket(a[i], shift)]++] = a[i];
        }
        for (int b = 0; b + 1 < starts.length; b++) {
            int from = starts[b];
            int to = starts[b + 1];
            if (to - from > SMALL) {
                Arrays.sort(sorted, from, to);
            } else if (to - from > 1) {
                insertionSort(sorted, from, to);
            }
        }
        return distinct(sorted, n);
    }

    /** Buckets in signed order: flipping the sign bit makes the unsigned top bits ascend with the value. */
    private static int bucket(long v, int shift) {
        return (int) ((v ^ Long.MIN_VALUE) >>> shift);
    }

    private static void insertionSort(long[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long x = a[i];
            int j = i - 1;
            while (j >= from && a[j] > x) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
    }

    private static long[] distinct(long[] sorted, int n) {
        int d = 0;
        for (int i = 0; i < n; i++) {
            if (d == 0 || sorted[i] != sorted[d - 1]) {
                sorted[d++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, d);
    }
}
