package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.curation.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead-letter queue by reason, with the newest few records of each (key, message, dataset,
 * stage, where the record was first read): what an operator needs to see before replaying a fix.
 * Built from the DLQ records' headers ({@link DeadLetter}); values are never kept.
 */
public final class DeadLetterSummary {

    /** Longest key and message kept per sample: a dead letter's bytes may be anything. */
    static final int MAX_TEXT = 300;

    /** One dead letter as the page shows it. */
    public record Sample(String key, String reason, String exception, String message, String dataset, String stage,
                         String sourceTopic, String sourcePartition, String sourceOffset, int partition, long offset,
                         long timestamp) {

        /** Snake case, as every answer of the API. */
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("reason", reason);
            m.put("exception", exception);
            m.put("message", message);
            m.put("dataset", dataset);
            m.put("stage", stage);
            m.put("source_topic", sourceTopic);
            m.put("source_partition", sourcePartition);
            m.put("source_offset", sourceOffset);
            m.put("dlq_partition", partition);
            m.put("dlq_offset", offset);
            m.put("timestamp", timestamp);
            return m;
        }
    }

    private final int samplesPerReason;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, Deque<Sample>> samples = new TreeMap<>();
    private long total;

    public DeadLetterSummary(int samplesPerReason) {
        this.samplesPerReason = samplesPerReason;
    }

    /** Counts a record of the DLQ topic and keeps it as a sample of its reason. */
    public synchronized void add(ConsumerRecord<byte[], byte[]> r) {
        String reason = header(r, DeadLetter.REASON);
        String why = reason == null || reason.isEmpty() ? "unknown" : reason;
        total++;
        counts.merge(why, 1L, Long::sum);
        Deque<Sample> s = samples.computeIfAbsent(why, k -> new ArrayDeque<>());
        s.addFirst(new Sample(text(r.key()), why, header(r, DeadLetter.EXCEPTION), header(r, DeadLetter.MESSAGE),
                header(r, DeadLetter.DATASET), header(r, DeadLetter.STAGE), header(r, DeadLetter.TOPIC),
                header(r, DeadLetter.PARTITION), header(r, DeadLetter.OFFSET), r.partition(), r.offset(), r.timestamp()));
        while (s.size() > samplesPerReason) {
            s.removeLast();
        }
    }

    public synchronized long total() {
        return total;
    }

    /** {@code {total, reasons: [{reason, count, samples: [newest first]}]}}. */
    public synchronized Map<String, Object> json() {
        List<Map<String, Object>> reasons = new ArrayList<>();
        counts.forEach((reason, count) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("reason", reason);
            r.put("count", count);
            r.put("samples", samples.get(reason).stream().map(Sample::json).toList());
            reasons.add(r);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("reasons", reasons);
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    private static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
