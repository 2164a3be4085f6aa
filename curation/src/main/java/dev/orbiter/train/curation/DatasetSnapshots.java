package dev.orbiter.train.curation;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.PartitionOffset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Takes a snapshot of a dataset: the topic's end offsets at this moment as seen by a
 * read_committed reader (the last stable offsets, so an open transaction of the topology is not
 * part of it), written as a {@link DatasetSnapshot} event. The offsets name a reproducible
 * dataset version: reading every partition up to them, latest value per key, always gives the
 * same items. {@code item_count} is the exact number of data records below the offsets
 * (transaction markers are not counted), found by reading them.
 */
public final class DatasetSnapshots {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Admin admin;
    private final Map<String, Object> consumerConfig;
    private final Producer<String, DatasetSnapshot> producer;
    private final CurationSettings settings;
    private final String snapshotsTopic;
    private final Duration timeout;

    public DatasetSnapshots(Admin admin, Map<String, Object> consumerConfig, Producer<String, DatasetSnapshot> producer,
                            CurationSettings settings, Duration timeout) {
        this(admin, consumerConfig, producer, settings, settings.topics().datasetSnapshots().name(), timeout);
    }

    /** Without curation settings: only {@link #take(String, String, Map)} can be used. */
    public DatasetSnapshots(Admin admin, Map<String, Object> consumerConfig, Producer<String, DatasetSnapshot> producer,
                            String snapshotsTopic, Duration timeout) {
        this(admin, consumerConfig, producer, null, snapshotsTopic, timeout);
    }

    private DatasetSnapshots(Admin admin, Map<String, Object> consumerConfig, Producer<String, DatasetSnapshot> producer,
                             CurationSettings settings, String snapshotsTopic, Duration timeout) {
        this.admin = admin;
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.producer = producer;
        this.settings = settings;
        this.snapshotsTopic = snapshotsTopic;
        this.timeout = timeout;
    }

    /** Takes, publishes (waiting for the broker's acknowledgement) and returns a snapshot of a configured dataset. */
    public DatasetSnapshot take(String datasetName) {
        DatasetDefinition d = settings.dataset(datasetName);
        return take(d.name(), d.topic(), curationConfig(d));
    }

    /**
     * Takes a snapshot of any dataset topic (the trainer's "take one now", which does not know the
     * curation settings): {@code curationConfig} is recorded as given.
     */
    public DatasetSnapshot take(String datasetName, String topic, Map<String, String> curationConfig) {
        try {
            Map<TopicPartition, Long> end = offsets(topic, OffsetSpec.latest());
            Map<TopicPartition, Long> start = offsets(topic, OffsetSpec.earliest());
            Instant now = Instant.now();
            List<PartitionOffset> cut = end.entrySet().stream()
                    .sorted(Comparator.comparingInt(e -> e.getKey().partition()))
                    .map(e -> new PartitionOffset(e.getKey().partition(), e.getValue())).collect(Collectors.toList());
            DatasetSnapshot snapshot = DatasetSnapshot.newBuilder()
                    .setSnapshotId(datasetName + "-" + ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 6))
                    .setDataset(datasetName).setTopic(topic).setEndOffsets(cut).setItemCount(count(start, end))
                    .setCurationConfig(curationConfig).setCreatedAt(now).build();
            producer.send(new ProducerRecord<>(snapshotsTopic, snapshot.getSnapshotId(),
                    snapshot)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return snapshot;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot take a snapshot of " + datasetName + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a snapshot of " + datasetName, e);
        }
    }

    /** Snapshot cut of a topic: its committed end offsets per partition. */
    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        info.forEach((tp, i) -> out.put(tp, i.offset()));
        return out;
    }

    private long count(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        Map<String, Object> c = new HashMap<>(consumerConfig);
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        c.remove("group.id");
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>(end.keySet());
            consumer.assign(parts);
            parts.forEach(tp -> consumer.seek(tp, start.get(tp)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("counting the records of the snapshot took longer than " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    n += r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) ? 1 : 0;
                }
            }
        }
        return n;
    }

    private Map<String, String> curationConfig(DatasetDefinition d) {
        Map<String, String> c = new LinkedHashMap<>();
        d.settings().forEach((k, v) -> c.put("orbiter.datasets." + d.name() + "." + k, v));
        c.put("orbiter.curation.reward-grace", settings.rewardGrace().toString());
        c.put("orbiter.curation.wait-for-reward", settings.waitFor().name().toLowerCase());
        c.put("orbiter.curation.missing-reward", settings.missingReward().name().toLowerCase());
        c.put("orbiter.curation.fallback-score", Double.toString(settings.fallbackScore()));
        c.put("topic", d.topic());
        return c;
    }
}
