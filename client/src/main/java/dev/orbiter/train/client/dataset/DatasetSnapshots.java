package dev.orbiter.train.client.dataset;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.client.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes, lists, finds and deletes frozen dataset snapshots. Taking one reads the dataset topic up
 * to its last stable offsets, keeps the latest version of each key (tombstones remove their key),
 * and writes those items in key order to a topic of the snapshot's own that is never compacted and
 * never expires ({@link Topics#snapshot}), together with the {@link DatasetSnapshot} event, in one
 * transaction: a reader sees the whole snapshot or none of it. The compacted dataset topic stays the
 * live view; whatever happens to it later (late rewards, retractions, the log cleaner) cannot change
 * a snapshot. A take whose transaction the broker loses (see {@link LostTransactions}) is aborted,
 * its topic freed, and written again under a new id, up to {@value #ATTEMPTS} attempts in all. A
 * commit that timed out frees nothing until readers can tell whether it completed.
 * Deleting one marks its event deleted, then frees its topic.
 */
public final class DatasetSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetSnapshots.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** The broker's default ceiling of transaction.timeout.ms. */
    private static final long MAX_TRANSACTION_MS = 900_000;
    /**
     * The floor of transaction.timeout.ms. A transaction that outlives it is aborted by the
     * coordinator, which bumps the producer's epoch (a 12,000-item take under a 30 s read timeout
     * once failed on a loaded CI machine with exactly that epoch error). The events topic joins
     * the transaction only with its last record, so a long timeout holds its readers back only if
     * a writer dies right there.
     */
    private static final long MIN_TRANSACTION_MS = 120_000;
    /** Attempts of a take whose transaction the broker lost (see {@link LostTransactions}). */
    static final int ATTEMPTS = 3;

    private final Admin admin;
    private final Map<String, Object> producerConfig;
    private final TopicScan scan;
    private final Topics topics;
    private final AvroSerializer<DatasetSnapshot> serializer;
    private final AvroDeserializer<DatasetSnapshot> deserializer;
    private final SnapshotWriter writer;

    public DatasetSnapshots(Admin admin, Map<String, ?> clientConfig, SchemaRegistryClient registry, Topics topics,
                            Duration timeout) {
        this(admin, clientConfig, registry, topics, timeout, SnapshotWriter.Commit.DIRECT);
    }

    /** With the way each take's transaction is committed: tests put a failing commit in front. */
    DatasetSnapshots(Admin admin, Map<String, ?> clientConfig, SchemaRegistryClient registry, Topics topics,
                     Duration timeout, SnapshotWriter.Commit commit) {
        this.admin = admin;
        this.topics = topics;
        this.scan = new TopicScan(clientConfig, timeout);
        this.serializer = new AvroSerializer<>(registry, Map.of(), false);
        this.deserializer = new AvroDeserializer<>(registry, DatasetSnapshot.class);
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", clientConfig.get("bootstrap.servers"));
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        p.put("batch.size", Integer.toString(512 * 1024));
        p.put("transaction.timeout.ms", Long.toString(Math.min(MAX_TRANSACTION_MS,
                Math.max(MIN_TRANSACTION_MS, timeout.toMillis()))));
        this.producerConfig = p;
        this.writer = new SnapshotWriter(p, scan, topics, serializer, commit);
    }

    /**
     * Freezes the dataset topic's current committed content as a new snapshot and returns it once
     * its transaction is committed and visible: {@link #get}, {@link #list} and a
     * {@link DatasetReader} called after it returns find the snapshot and all its items.
     * {@code curationConfig} is recorded as given. A take whose commit timed out and whose outcome
     * readers cannot see yet throws {@link SnapshotUnconfirmedException}.
     */
    public DatasetSnapshot take(String dataset, String topic, Map<String, String> curationConfig) {
        Map<Integer, Long> cut = scan.ends(topic);
        if (cut.isEmpty()) {
            throw new IllegalArgumentException("cannot take a snapshot of " + dataset + ": topic " + topic + " does not exist");
        }
        LatestPerKey items = LatestPerKey.read(scan, topic, cut);
        TopicAdmin.ensure(admin, List.of(topics.datasetSnapshots())); // the event's topic, on a fresh cluster
        List<RuntimeException> lost = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return takeOnce(dataset, topic, cut, items, curationConfig);
            } catch (IllegalStateException e) {
                if (attempt == ATTEMPTS || !LostTransactions.isLost(e)) {
                    lost.forEach(e::addSuppressed);
                    throw e;
                }
                lost.add(e);
                LOG.warn("snapshot of {} lost its transaction on attempt {} of {} ({}): writing it again under a new id",
                        dataset, attempt, ATTEMPTS, e.getMessage());
            }
        }
    }

    /** One attempt, under an id and a storage topic of its own; a failed attempt frees its topic. */
    private DatasetSnapshot takeOnce(String dataset, String topic, Map<Integer, Long> cut, LatestPerKey items,
                                     Map<String, String> curationConfig) {
        Instant now = Instant.now();
        String id = dataset + "-" + ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 6);
        TopicSpec storage = topics.snapshot(id);
        TopicAdmin.ensure(admin, List.of(storage));
        try {
            return writer.write(id, dataset, topic, cut, items, storage, curationConfig, now);
        } catch (SnapshotWriter.CommitTimedOut e) {
            return settle(e, storage.name());
        } catch (RuntimeException e) {
            freeQuietly(storage.name(), e);
            throw new IllegalStateException("cannot take a snapshot of " + dataset + ": " + e.getMessage(), e);
        }
    }

    /**
     * A commit that timed out may have completed, or may still: its topic is freed only once
     * readers see the event's offset passed without the event (the transaction was aborted, so the
     * take is retried like a lost one). Freeing it on the timeout alone could leave a listed
     * snapshot whose storage is gone.
     */
    private DatasetSnapshot settle(SnapshotWriter.CommitTimedOut timedOut, String storage) {
        DatasetSnapshot s = timedOut.snapshot;
        Optional<RecordMetadata> event = timedOut.event();
        if (event.isPresent() && scan.awaitVisible(event.get().topic(), event.get().partition(), event.get().offset())) {
            if (find(s.getSnapshotId()).isPresent()) {
                LOG.info("snapshot {}: its commit timed out but completed", s.getSnapshotId());
                writer.awaitVisible(s, event.get());
                return s;
            }
            IllegalStateException aborted = new IllegalStateException("cannot take a snapshot of " + s.getDataset()
                    + ": its commit timed out and the broker aborted its transaction",
                    new TransactionAbortedException(timedOut.getMessage()));
            aborted.addSuppressed(timedOut);
            freeQuietly(storage, aborted);
            throw aborted;
        }
        throw new SnapshotUnconfirmedException(s.getSnapshotId(), storage, "its commit timed out and readers did not see "
                + "its outcome within " + scan.timeout() + "; it may still appear, so its storage topic " + storage
                + " is kept (if it never appears, that topic holds nothing committed and can be deleted)", timedOut);
    }

    /** Every snapshot of the dataset that is not deleted, newest first. */
    public List<DatasetSnapshot> list(String dataset) {
        List<DatasetSnapshot> out = new ArrayList<>();
        for (DatasetSnapshot s : all().values()) {
            if (s.getDataset().equals(dataset) && s.getDeletedAt() == null) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(DatasetSnapshot::getCreatedAt).reversed()
                .thenComparing(DatasetSnapshot::getSnapshotId, Comparator.reverseOrder()));
        return out;
    }

    /** The snapshot with this id (a deleted one too: it says when it was deleted). */
    public Optional<DatasetSnapshot> find(String snapshotId) {
        return Optional.ofNullable(all().get(snapshotId));
    }

    /** The snapshot with this id, or a {@link SnapshotException} of reason UNKNOWN. */
    public DatasetSnapshot get(String snapshotId) {
        return find(snapshotId).orElseThrow(() -> new SnapshotException(snapshotId, SnapshotException.Reason.UNKNOWN,
                "no such snapshot on " + topics.datasetSnapshots().name()));
    }

    /**
     * Deletes a snapshot: its event is marked deleted first (so no reader starts on it), then its
     * storage topic is freed. Returns the deleted snapshot once readers see it deleted; deleting
     * twice is a no-op.
     */
    public DatasetSnapshot delete(String snapshotId) {
        DatasetSnapshot s = get(snapshotId);
        if (s.getDeletedAt() != null) {
            return s;
        }
        // field by field: newBuilder(s) deep-copies through Avro's data model, which fails across class loaders
        DatasetSnapshot deleted = DatasetSnapshot.newBuilder().setSnapshotId(s.getSnapshotId()).setDataset(s.getDataset())
                .setTopic(s.getTopic()).setEndOffsets(s.getEndOffsets()).setItemCount(s.getItemCount())
                .setCurationConfig(s.getCurationConfig()).setCreatedAt(s.getCreatedAt()).setStorageTopic(s.getStorageTopic())
                .setDigest(s.getDigest()).setDeletedAt(Instant.now()).build();
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.remove("transaction.timeout.ms");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            String events = topics.datasetSnapshots().name();
            RecordMetadata mark = producer.send(new ProducerRecord<>(events, snapshotId.getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(events, deleted))).get(scan.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!scan.awaitVisible(events, mark.partition(), mark.offset())) { // behind another writer's open transaction
                LOG.warn("snapshot {} is marked deleted but readers do not see it yet after {}", snapshotId, scan.timeout());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot mark snapshot " + snapshotId + " deleted: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting snapshot " + snapshotId, e);
        }
        if (s.getStorageTopic() != null) {
            free(s.getStorageTopic());
        }
        return deleted;
    }

    /** Every snapshot event, latest per id, in the order they were first written. */
    private Map<String, DatasetSnapshot> all() {
        String events = topics.datasetSnapshots().name();
        Map<String, DatasetSnapshot> byId = new LinkedHashMap<>();
        scan.scan(events, null, r -> {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                byId.remove(id);
            } else {
                byId.put(id, deserializer.deserialize(events, r.value()));
            }
        });
        return byId;
    }

    private void free(String storageTopic) {
        try {
            admin.deleteTopics(List.of(storageTopic)).all().get(scan.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("cannot delete topic " + storageTopic + ": " + e.getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("deleting topic " + storageTopic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting topic " + storageTopic, e);
        }
    }

    /** After a failed take: its topic holds no committed record and no event names it. */
    private void freeQuietly(String storageTopic, RuntimeException cause) {
        try {
            free(storageTopic);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
