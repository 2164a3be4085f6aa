package dev.orbiter.train.curation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the dedup store remembers of a kept key: the step that owns it (a re-emission of the same
 * step replaces it; another step with the key is a duplicate), when it was kept, its GRPO group
 * (candidates of one prompt are never near duplicates of each other) and the word hashes that
 * near-duplicate checks compare (empty when near-dedup is off).
 */
record DedupEntry(String stepId, long time, long group, long[] words) {

    static Serde<DedupEntry> serde() {
        Serializer<DedupEntry> s = (topic, e) -> {
            if (e == null) {
                return null;
            }
            byte[] id = e.stepId().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + 8 * e.words().length + id.length);
            b.putLong(e.time()).putLong(e.group()).putInt(e.words().length);
            for (long w : e.words()) {
                b.putLong(w);
            }
            return b.put(id).array();
        };
        Deserializer<DedupEntry> d = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long time = b.getLong();
            long group = b.getLong();
            long[] words = new long[b.getInt()];
            for (int i = 0; i < words.length; i++) {
                words[i] = b.getLong();
            }
            byte[] id = new byte[b.remaining()];
            b.get(id);
            return new DedupEntry(new String(id, StandardCharsets.UTF_8), time, group, words);
        };
        return Serdes.serdeFrom(s, d);
    }

    /** A 64-bit hash of a group key (FNV-1a over its characters). */
    static long groupHash(String group) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < group.length(); i++) {
            h = (h ^ group.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }
}
