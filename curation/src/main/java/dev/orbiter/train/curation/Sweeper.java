package dev.orbiter.train.curation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forgets expired entries of a store a little at a time: each call reads the next {@code batch}
 * entries after where the last one stopped (wrapping around at the end) and removes those that
 * expired. Retention thereby costs no write per record (no expiry index) and no long pause of the
 * stream thread (never a full scan at once); an entry is forgotten within one sweep of the store
 * after it expires.
 */
final class Sweeper<V> {

    /** Sweeps run at most this often: retention is measured in hours or days, not milliseconds. */
    static final long MIN_INTERVAL_MS = 5_000;

    private final KeyValueStore<String, V> store;
    private final int batch;
    private String cursor;

    Sweeper(KeyValueStore<String, V> store, int batch) {
        this.store = store;
        this.batch = batch;
    }

    /** Removes the expired entries among the next batch; {@code onRemoved} sees each one. */
    void sweep(Predicate<V> expired, BiConsumer<String, V> onRemoved) {
        List<KeyValue<String, V>> gone = new ArrayList<>();
        int read = 0;
        String last = null;
        try (KeyValueIterator<String, V> it = cursor == null ? store.all() : store.range(cursor, null)) {
            while (it.hasNext() && read < batch) {
                KeyValue<String, V> kv = it.next();
                if (kv.key.equals(cursor)) {
                    continue; // range is inclusive: the cursor itself was read last time
                }
                read++;
                last = kv.key;
                if (kv.value != null && expired.test(kv.value)) {
                    gone.add(kv);
                }
            }
            cursor = read < batch ? null : last; // the end: start again from the beginning next time
        }
        for (KeyValue<String, V> kv : gone) {
            store.delete(kv.key);
            onRemoved.accept(kv.key, kv.value);
        }
    }
}
