package dev.orbiter.train.client.dataset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic's partitions in order, each from its beginning up to an end offset, as raw bytes,
 * read_committed (aborted writes are never seen, and the end of a transactional topic is its last
 * stable offset). Shared by the dataset reader and the snapshot store.
 */
final class TopicScan {

    private final Map<String, Object> consumerConfig;
    private final Duration timeout;

    TopicScan(Map<String, ?> consumerConfig, Duration timeout) {
        Map<String, Object> c = new HashMap<>(consumerConfig);
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        c.putIfAbsent("max.partition.fetch.bytes", 8 * 1024 * 1024);
        c.putIfAbsent("fetch.max.bytes", 64 * 1024 * 1024);
        c.remove("group.id");
        c.keySet().removeIf(k -> k.startsWith("schema.registry."));
        this.consumerConfig = c;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The topic's partitions in order; empty when the topic does not exist. */
    List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        var infos = c.listTopics(timeout).get(topic);
        if (infos != null) {
            infos.forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        }
        parts.sort(Comparator.comparingInt(TopicPartition::partition));
        return parts;
    }

    /** The committed end of every partition (empty when the topic does not exist). */
    Map<Integer, Long> ends(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            Map<Integer, Long> end = new HashMap<>();
            c.endOffsets(partitions(c, topic), timeout).forEach((tp, o) -> end.put(tp.partition(), o));
            return end;
        }
    }

    /**
     * Waits until read_committed readers see {@code partition}'s records up to {@code lastOffset}:
     * a transaction's commit returns before the coordinator has written its markers, and until
     * then the partition's last stable offset stays before the transaction's records. Reads from
     * {@code lastOffset} as {@link #scan} does (the broker holds each fetch until there is stable
     * data); returns false when they are not visible within the timeout.
     */
    boolean awaitVisible(String topic, int partition, long lastOffset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            c.assign(List.of(tp));
            c.seek(tp, lastOffset);
            while (c.position(tp, timeout) <= lastOffset) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                c.poll(Duration.ofMillis(200));
            }
            return true;
        }
    }

    /** A partition that did not reach its end offset within the timeout. */
    static final class Stalled extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        final long position;

        Stalled(String message, long position) {
            super(message);
            this.position = position;
        }
    }

    /**
     * Every record of every partition below {@code end} (partition to exclusive end offset; null:
     * each partition's committed end now), partition by partition, in offset order.
     */
    void scan(String topic, Map<Integer, Long> end, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = partitions(c, topic);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, timeout);
            for (TopicPartition tp : parts) {
                long stop = end == null ? ends.get(tp) : end.getOrDefault(tp.partition(), 0L);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + timeout.toNanos();
                while (c.position(tp, timeout) < stop) {
                    if (System.nanoTime() > deadline) {
                        throw new Stalled("reading " + tp + " up to offset " + stop + " took longer than "
                                + timeout + " (at " + c.position(tp) + ")", c.position(tp));
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (r.offset() < stop) {
                            sink.accept(r);
                        }
                    }
                }
            }
        }
    }
}
