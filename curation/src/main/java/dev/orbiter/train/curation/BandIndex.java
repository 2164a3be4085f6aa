package dev.orbiter.train.curation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory near-duplicate index of one dedup partition: LSH band key to the kept items that
 * have it, and each kept item's word hashes and group. It is derived data: the changelogged dedup
 * store is the truth, and the index is rebuilt from it whenever the processor starts (after a
 * restart or a rebalance), so it needs no changelog of its own.
 *
 * <p>Cost is bounded per lookup: a band bucket holds at most {@link #BUCKET_CAP} items (the most
 * recent), so templated texts that share many band keys cannot make lookups linear in the index
 * size. The price: a near duplicate is missed only if, in every band it shares with its original,
 * more than {@code BUCKET_CAP} newer items share that band too.
 */
final class BandIndex {

    static final int BUCKET_CAP = 16;

    /** A kept item: its slot, band keys, word hashes and group. */
    record Held(int slot, String key, long[] bands, long[] words, long group) {
    }

    private final Map<String, Held> byKey = new LinkedHashMap<>(); // insertion order = age
    private final List<Held> bySlot = new ArrayList<>();
    private final List<Integer> freeSlots = new ArrayList<>();
    private final LongIntMap bucketOf = new LongIntMap();
    private int[][] buckets = new int[1024][];
    private int[] bucketSizes = new int[1024];
    private int bucketCount;
    private int[] seen = new int[1024];
    private int generation;

    int size() {
        return byKey.size();
    }

    /** The key kept longest ago (null when empty): the first to go when the index is full. */
    String oldestKey() {
        return byKey.isEmpty() ? null : byKey.keySet().iterator().next();
    }

    /**
     * Whether some kept item sharing at least one band with {@code bandKeys} passes {@code test};
     * each item is tested once, and the scan stops at the first that passes. (No list of
     * candidates is built: templated texts share many bands, and building it was the costliest
     * part of a lookup.)
     */
    boolean anyCandidate(long[] bandKeys, java.util.function.Predicate<Held> test) {
        if (++generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(seen, 0);
            generation = 1;
        }
        for (long band : bandKeys) {
            int b = bucketOf.get(band);
            if (b < 0) {
                continue;
            }
            int[] members = buckets[b];
            for (int i = 0; i < bucketSizes[b]; i++) {
                int slot = members[i];
                if (seen[slot] != generation) { // each candidate once, without a search
                    seen[slot] = generation;
                    if (test.test(bySlot.get(slot))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The kept items sharing at least one band with {@code bandKeys}, each once. */
    List<Held> candidates(long[] bandKeys) {
        List<Held> out = new ArrayList<>();
        anyCandidate(bandKeys, held -> !out.add(held));
        return out;
    }

    void add(String key, long[] bandKeys, long[] words, long group) {
        remove(key);
        int slot = freeSlots.isEmpty() ? bySlot.size() : freeSlots.remove(freeSlots.size() - 1);
        Held held = new Held(slot, key, bandKeys.clone(), words, group);
        if (slot >= seen.length) {
            seen = Arrays.copyOf(seen, seen.length * 2);
        }
        if (slot == bySlot.size()) {
            bySlot.add(held);
        } else {
            bySlot.set(slot, held);
        }
        byKey.put(key, held);
        for (long band : bandKeys) {
            int b = bucketOf.get(band);
            if (b < 0) {
                b = newBucket();
                bucketOf.put(band, b);
            }
            append(b, slot);
        }
    }

    void remove(String key) {
        Held held = byKey.remove(key);
        if (held == null) {
            return;
        }
        for (long band : held.bands()) {
            int b = bucketOf.get(band);
            if (b >= 0) {
                removeFrom(b, held.slot());
            }
        }
        bySlot.set(held.slot(), null);
        freeSlots.add(held.slot());
    }

    private int newBucket() {
        if (bucketCount == buckets.length) {
            buckets = Arrays.copyOf(buckets, bucketCount * 2);
            bucketSizes = Arrays.copyOf(bucketSizes, bucketCount * 2);
        }
        buckets[bucketCount] = new int[2];
        return bucketCount++;
    }

    private void append(int b, int slot) {
        int[] m = buckets[b];
        int n = bucketSizes[b];
        if (n == BUCKET_CAP) { // full: the oldest member leaves this band (it stays in its others)
            System.arraycopy(m, 1, m, 0, n - 1);
            n--;
        } else if (n == m.length) {
            m = Arrays.copyOf(m, Math.min(BUCKET_CAP, n * 2));
            buckets[b] = m;
        }
        m[n] = slot;
        bucketSizes[b] = n + 1;
    }

    private void removeFrom(int b, int slot) {
        int[] m = buckets[b];
        int n = bucketSizes[b];
        for (int i = 0; i < n; i++) {
            if (m[i] == slot) {
                System.arraycopy(m, i + 1, m, i, n - i - 1);
                bucketSizes[b] = n - 1;
                return;
            }
        }
    }

    /** An open-addressing map from long to non-negative int, without boxing; get answers -1 when absent. */
    private static final class LongIntMap {
        private long[] keys = new long[1 << 12];
        private int[] values = filled(1 << 12);
        private int size;

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = mix(key) & mask; values[i] >= 0; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
            }
            return -1;
        }

        void put(long key, int value) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = mix(key) & mask;
            while (values[i] >= 0 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            if (values[i] < 0) {
                size++;
            }
            keys[i] = key;
            values[i] = value;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = filled(oldKeys.length * 2);
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] >= 0) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static int mix(long key) {
            long z = key * 0x9E3779B97F4A7C15L;
            return (int) (z ^ (z >>> 29));
        }

        private static int[] filled(int n) {
            int[] a = new int[n];
            Arrays.fill(a, -1);
            return a;
        }
    }
}
