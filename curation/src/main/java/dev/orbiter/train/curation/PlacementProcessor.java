package dev.orbiter.train.curation;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Tells records that sit on the partition the reward join expects for their task id (the one
 * murmur2 picks, as Java's and kafkajs' default partitioners do) from those that do not: a
 * librdkafka producer (CRC32), a round-robin one, or a rewards topic with another partition count.
 * The misplaced ones are sent through a repartition topic, so every step and reward of a task
 * meets in one task whatever the producer did; records in place take no detour. A misplaced record
 * carries headers naming where it came from, so a dead letter still points at the original record.
 * A record without a key stays where it is (there is nothing to place it by).
 */
final class PlacementProcessor extends ContextualProcessor<String, byte[], String, Placed> {

    /** Headers on a moved record: the topic, partition and offset it was first read from. */
    static final String SOURCE_TOPIC = "orbiter.source.topic";
    static final String SOURCE_PARTITION = "orbiter.source.partition";
    static final String SOURCE_OFFSET = "orbiter.source.offset";

    /** Where a record was first read. */
    record Origin(String topic, int partition, long offset) {
    }

    private final int partitions;

    PlacementProcessor(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata m = context().recordMetadata().orElseThrow();
        boolean inPlace = record.key() == null || TaskPartitioner.partition(record.key(), partitions) == m.partition();
        if (!inPlace) {
            Headers h = record.headers();
            h.remove(SOURCE_TOPIC).add(SOURCE_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            h.remove(SOURCE_PARTITION).add(SOURCE_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            h.remove(SOURCE_OFFSET).add(SOURCE_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        }
        context().forward(record.withValue(new Placed(record.value(), inPlace)));
    }

    /** Where the record being processed was first read: its source headers if it was moved, else its metadata. */
    static Origin origin(Headers headers, RecordMetadata m) {
        var topic = headers.lastHeader(SOURCE_TOPIC);
        if (topic != null) {
            return new Origin(text(topic.value()), Integer.parseInt(text(headers.lastHeader(SOURCE_PARTITION).value())),
                    Long.parseLong(text(headers.lastHeader(SOURCE_OFFSET).value())));
        }
        return m == null || m.topic() == null ? new Origin("", -1, -1) : new Origin(m.topic(), m.partition(), m.offset());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
