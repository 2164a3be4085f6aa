package dev.orbiter.train.curation;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record the topology cannot use, with where it came from and why: written as is (original
 * key and value bytes) to {@code orbiter.dlq.stream-processor} with these headers, so it can be
 * inspected and replayed after a fix.
 */
public record DeadLetter(byte[] key, byte[] value, Headers originalHeaders, String reason, Throwable error,
                         String topic, int partition, long offset, String dataset, String stage) {

    /** The reason of a record that decoded but whose curation threw. */
    public static final String PROCESSING = "processing";

    public static final String EXCEPTION = "orbiter.dlq.exception";
    public static final String MESSAGE = "orbiter.dlq.message";
    public static final String REASON = "orbiter.dlq.reason";
    public static final String TOPIC = "orbiter.dlq.topic";
    public static final String PARTITION = "orbiter.dlq.partition";
    public static final String OFFSET = "orbiter.dlq.offset";
    /** The dataset whose curation failed (processing errors only). */
    public static final String DATASET = "orbiter.dlq.dataset";
    /** The stage that threw, e.g. {@code strategy:<spec>}, {@code reward}, {@code encode} (processing errors only). */
    public static final String STAGE = "orbiter.dlq.stage";

    /** A record that could not be decoded or validated (no dataset, no stage). */
    public DeadLetter(byte[] key, byte[] value, Headers originalHeaders, String reason, Throwable error, String topic,
                      int partition, long offset) {
        this(key, value, originalHeaders, reason, error, topic, partition, offset, null, null);
    }

    /** The original headers plus the ones that say why. */
    public Headers headers() {
        RecordHeaders h = new RecordHeaders(originalHeaders == null ? new RecordHeaders().toArray()
                : originalHeaders.toArray());
        put(h, REASON, reason);
        put(h, EXCEPTION, error == null ? "" : error.getClass().getName());
        put(h, MESSAGE, error == null ? reason : String.valueOf(error.getMessage()));
        put(h, TOPIC, topic);
        put(h, PARTITION, Integer.toString(partition));
        put(h, OFFSET, Long.toString(offset));
        if (dataset != null) {
            put(h, DATASET, dataset);
            put(h, STAGE, stage);
        }
        return h;
    }

    private static void put(Headers h, String name, String value) {
        h.remove(name);
        h.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }
}
