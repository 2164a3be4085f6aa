package dev.orbiter.train.curation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deadlines kept in a key-value store ordered by time: key = kind byte, big-endian time, id. A
 * range scan up to "now" finds every due timer without reading the rest, and the store's
 * changelog makes them survive restarts.
 */
final class Timers {

    /** A step's wait for its reward ends. */
    static final byte WAIT = 'W';
    /** A reward that arrived before its step is forgotten. */
    static final byte EARLY = 'R';

    private static final byte[] NONE = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    Timers(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    static Bytes key(byte kind, long time, String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(9 + idBytes.length).put(kind).putLong(Math.max(0, time)).put(idBytes)
                .array());
    }

    void schedule(byte kind, long time, String id) {
        store.put(key(kind, time, id), NONE);
    }

    void cancel(byte kind, long time, String id) {
        store.delete(key(kind, time, id));
    }

    /** A due timer: its time and id. */
    record Due(long time, String id) {
    }

    /** Removes and returns up to {@code max} timers of a kind due at or before {@code now}. */
    List<Due> takeDue(byte kind, long now, int max) {
        List<Due> due = new ArrayList<>();
        List<Bytes> keys = new ArrayList<>();
        Bytes to = Bytes.wrap(ByteBuffer.allocate(9).put(kind).putLong(now + 1).array());
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(kind, 0, ""), to)) {
            while (it.hasNext() && due.size() < max) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] k = kv.key.get();
                if (k.length < 9 || k[0] != kind) {
                    break;
                }
                long time = ByteBuffer.wrap(k, 1, 8).getLong();
                if (time > now) {
                    break;
                }
                keys.add(kv.key);
                due.add(new Due(time, new String(Arrays.copyOfRange(k, 9, k.length), StandardCharsets.UTF_8)));
            }
        }
        keys.forEach(store::delete); // after the iterator is closed
        return due;
    }
}
