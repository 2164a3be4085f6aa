package dev.orbiter.train.client.dataset;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.PartitionOffset;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.capture.StepCodec;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads curated datasets back from Kafka: a dataset topic up to a snapshot's end offsets (a
 * reproducible version), up to the end offsets at a point in time ({@code offsetsForTimes}), or
 * up to now; always the latest value per key (what compaction keeps), tombstones removing their
 * key, in a stable order (partition, then offset of the kept record). read_committed, so aborted
 * writes of the curation topology are never seen.
 */
public final class DatasetReader {

    private final Map<String, Object> consumerConfig;
    private final SchemaRegistryClient registry;
    private final Duration timeout;

    public DatasetReader(Map<String, ?> consumerConfig, SchemaRegistryClient registry, Duration timeout) {
        Map<String, Object> c = new HashMap<>(consumerConfig);
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        c.remove("group.id");
        c.keySet().removeIf(k -> k.startsWith("schema.registry."));
        this.consumerConfig = c;
        this.registry = registry;
        this.timeout = timeout;
    }

    /** The snapshot with this id from the (compacted) snapshots topic, if there is one. */
    public Optional<DatasetSnapshot> findSnapshot(String snapshotsTopic, String snapshotId) {
        AvroDeserializer<DatasetSnapshot> values = new AvroDeserializer<>(registry, DatasetSnapshot.class);
        DatasetSnapshot[] found = new DatasetSnapshot[1];
        scan(snapshotsTopic, null, values, r -> {
            if (snapshotId.equals(r.key())) {
                found[0] = r.value();
            }
        }, n -> { });
        return Optional.ofNullable(found[0]);
    }

    /** The items of a snapshot: every partition of its topic read up to its end offsets. */
    public List<TrajectoryItem> read(DatasetSnapshot snapshot, LongConsumer progress) {
        Map<Integer, Long> end = new HashMap<>();
        for (PartitionOffset p : snapshot.getEndOffsets()) {
            end.put(p.getPartition(), p.getOffset());
        }
        return readUpTo(snapshot.getTopic(), end, progress);
    }

    /** The items as of a moment: each partition read up to its first offset at or after {@code epochMillis}. */
    public List<TrajectoryItem> readAsOf(String topic, long epochMillis, LongConsumer progress) {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> parts = partitions(c, topic);
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, epochMillis));
            Map<TopicPartition, OffsetAndTimestamp> at = c.offsetsForTimes(query, timeout);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, timeout);
            Map<Integer, Long> end = new HashMap<>();
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp o = at.get(tp);
                end.put(tp.partition(), o == null ? ends.get(tp) : o.offset());
            }
            return readUpTo(topic, end, progress);
        }
    }

    /** The items now: every partition read up to its current (committed) end. */
    public List<TrajectoryItem> readLatest(String topic, LongConsumer progress) {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            Map<Integer, Long> end = new HashMap<>();
            c.endOffsets(partitions(c, topic), timeout).forEach((tp, o) -> end.put(tp.partition(), o));
            return readUpTo(topic, end, progress);
        }
    }

    private List<TrajectoryItem> readUpTo(String topic, Map<Integer, Long> end, LongConsumer progress) {
        AvroDeserializer<TrajectoryStep> values = new AvroDeserializer<>(registry, TrajectoryStep.class);
        Map<String, TrajectoryStep> latest = new LinkedHashMap<>();
        scan(topic, end, values, r -> {
            latest.remove(r.key()); // re-insert: the order is that of each key's last write
            if (r.value() != null) {
                latest.put(r.key(), r.value());
            }
        }, progress);
        List<TrajectoryItem> items = new ArrayList<>(latest.size());
        latest.values().forEach(s -> items.add(StepCodec.toItem(s)));
        return items;
    }

    /** Reads partitions in order, each from its beginning up to {@code end} (null: its current end). */
    private <V> void scan(String topic, Map<Integer, Long> end, org.apache.kafka.common.serialization.Deserializer<V> values,
                          java.util.function.Consumer<ConsumerRecord<String, V>> sink, LongConsumer progress) {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> parts = partitions(c, topic);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, timeout);
            long seen = 0;
            for (TopicPartition tp : parts) {
                long stop = end == null ? ends.get(tp) : end.getOrDefault(tp.partition(), 0L);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + timeout.toNanos();
                while (c.position(tp, timeout) < stop) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("reading " + tp + " up to offset " + stop + " took longer than "
                                + timeout + " (at " + c.position(tp) + ")");
                    }
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (r.offset() < stop) {
                            V v = r.value() == null ? null : values.deserialize(topic, r.headers(), r.value());
                            sink.accept(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), v));
                            progress.accept(++seen);
                        }
                    }
                }
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic, timeout).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        parts.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        return parts;
    }
}
