package dev.orbiter.train.curation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory LSH band index of one dedup partition: band key to the dedup keys of the kept
 * items that have it. It is derived data: the changelogged dedup store is the truth, and the
 * index is rebuilt from it whenever the processor starts (after a restart or a rebalance), so it
 * needs no changelog of its own. An open-addressing multimap of primitive longs and ints keeps it
 * to a few tens of bytes per band entry.
 */
final class BandIndex {

    private static final int EMPTY = -1;
    private static final int DELETED = -2;

    private long[] bands = new long[1 << 10];
    private int[] slots = newSlots(1 << 10);
    private int used;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Held> bandsOfKey = new HashMap<>();

    private record Held(int slot, long[] bands) {
    }
    private final List<Integer> free = new ArrayList<>();

    int size() {
        return bandsOfKey.size();
    }

    boolean contains(String key) {
        return bandsOfKey.containsKey(key);
    }

    /** The keys that share at least one band with {@code bandKeys}, without repeats. */
    List<String> candidates(long[] bandKeys) {
        List<String> out = new ArrayList<>(2);
        int mask = bands.length - 1;
        for (long band : bandKeys) {
            for (int i = index(band, mask); slots[i] != EMPTY; i = (i + 1) & mask) {
                if (slots[i] >= 0 && bands[i] == band) {
                    String k = keys.get(slots[i]);
                    if (!out.contains(k)) {
                        out.add(k);
                    }
                }
            }
        }
        return out;
    }

    void add(String key, long[] bandKeys) {
        if (bandsOfKey.containsKey(key)) {
            remove(key);
        }
        int slot;
        if (free.isEmpty()) {
            slot = keys.size();
            keys.add(key);
        } else {
            slot = free.remove(free.size() - 1);
            keys.set(slot, key);
        }
        bandsOfKey.put(key, new Held(slot, bandKeys.clone()));
        for (long band : bandKeys) {
            if ((used + 1) * 2 > bands.length) {
                rehash();
            }
            int mask = bands.length - 1;
            int i = index(band, mask);
            while (slots[i] >= 0) {
                i = (i + 1) & mask;
            }
            if (slots[i] == EMPTY) {
                used++;
            }
            bands[i] = band;
            slots[i] = slot;
        }
    }

    void remove(String key) {
        Held held = bandsOfKey.remove(key);
        if (held == null) {
            return;
        }
        int slot = held.slot();
        long[] bandKeys = held.bands();
        int mask = bands.length - 1;
        for (long band : bandKeys) {
            for (int i = index(band, mask); slots[i] != EMPTY; i = (i + 1) & mask) {
                if (slots[i] == slot && bands[i] == band) {
                    slots[i] = DELETED;
                    break;
                }
            }
        }
        keys.set(slot, null);
        free.add(slot);
    }

    private void rehash() {
        long[] oldBands = bands;
        int[] oldSlots = slots;
        int live = 0;
        for (int s : oldSlots) {
            live += s >= 0 ? 1 : 0;
        }
        int cap = Integer.highestOneBit(Math.max(1 << 10, live * 4));
        bands = new long[cap];
        slots = newSlots(cap);
        used = 0;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldSlots[j] >= 0) {
                int i = index(oldBands[j], cap - 1);
                while (slots[i] != EMPTY) {
                    i = (i + 1) & (cap - 1);
                }
                bands[i] = oldBands[j];
                slots[i] = oldSlots[j];
                used++;
            }
        }
    }

    private static int index(long band, int mask) {
        return (int) (band ^ (band >>> 32)) & mask;
    }

    private static int[] newSlots(int n) {
        int[] s = new int[n];
        Arrays.fill(s, EMPTY);
        return s;
    }
}
