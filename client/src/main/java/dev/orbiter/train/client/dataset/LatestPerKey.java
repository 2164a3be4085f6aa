package dev.orbiter.train.client.dataset;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest value of each key of a compacted topic below a cut, as raw bytes, in key order (a
 * tombstone removes its key). Key order, not partition order, so a snapshot's item order and digest
 * do not depend on how the dataset topic is partitioned or compacted.
 */
final class LatestPerKey {

    /** Receives each kept item. */
    interface Sink {
        void accept(byte[] key, byte[] value, long timestamp);
    }

    private record Version(byte[] key, byte[] value, long timestamp) {
    }

    private final TreeMap<String, Version> byKey = new TreeMap<>();

    private LatestPerKey() {
    }

    static LatestPerKey read(TopicScan scan, String topic, Map<Integer, Long> cut) {
        LatestPerKey latest = new LatestPerKey();
        scan.scan(topic, cut, r -> {
            if (r.key() == null) {
                return; // a compacted topic refuses null keys; nothing to keep
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                latest.byKey.remove(key);
            } else {
                latest.byKey.put(key, new Version(r.key(), r.value(), r.timestamp()));
            }
        });
        return latest;
    }

    int size() {
        return byKey.size();
    }

    void forEach(Sink sink) {
        byKey.values().forEach(v -> sink.accept(v.key(), v.value(), v.timestamp()));
    }
}
