package dev.orbiter.train.client.dataset;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.PartitionOffset;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one attempt of a snapshot take: its items, in key order, to its storage topic and its
 * {@link DatasetSnapshot} event, in one transaction of a transactional id of its own. A failed
 * attempt is aborted, except when its commit timed out: that commit may still be completing, so
 * it is reported as {@link CommitTimedOut} for the caller to settle once the producer is closed.
 */
final class SnapshotWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    /** Calls of commitTransaction before a commit counts as timed out (the producer allows retrying it). */
    static final int COMMIT_CALLS = 2;

    /** How a transaction is committed: the producer's own commit; tests put a failing one in front. */
    @FunctionalInterface
    interface Commit {
        Commit DIRECT = KafkaProducer::commitTransaction;

        void commit(KafkaProducer<byte[], byte[]> producer);
    }

    /** One attempt's commit timed out: it may have completed, or may still, or was aborted. */
    static final class CommitTimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient DatasetSnapshot snapshot;
        private final transient Future<RecordMetadata> event;

        CommitTimedOut(DatasetSnapshot snapshot, Future<RecordMetadata> event, TimeoutException cause) {
            super("the commit of snapshot " + snapshot.getSnapshotId() + " timed out " + COMMIT_CALLS + " times", cause);
            this.snapshot = snapshot;
            this.event = event;
        }

        /** Where the event was written, if the broker acknowledged it (only then can readers tell). */
        Optional<RecordMetadata> event() {
            if (!event.isDone() || event.isCancelled()) {
                return Optional.empty();
            }
            try {
                return Optional.of(event.get());
            } catch (ExecutionException e) {
                addSuppressed(e.getCause()); // kept with the timeout, which the caller's error carries
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                addSuppressed(e);
                return Optional.empty();
            }
        }
    }

    private final Map<String, Object> producerConfig;
    private final TopicScan scan;
    private final Topics topics;
    private final AvroSerializer<DatasetSnapshot> serializer;
    private final Commit commit;

    SnapshotWriter(Map<String, Object> producerConfig, TopicScan scan, Topics topics,
                   AvroSerializer<DatasetSnapshot> serializer, Commit commit) {
        this.producerConfig = producerConfig;
        this.scan = scan;
        this.topics = topics;
        this.serializer = serializer;
        this.commit = commit;
    }

    DatasetSnapshot write(String id, String dataset, String topic, Map<Integer, Long> cut, LatestPerKey items,
                          TopicSpec storage, Map<String, String> curationConfig, Instant now) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put("transactional.id", "orbiter-snapshot-" + id); // unique: no other writer is fenced
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            producer.initTransactions();
            producer.beginTransaction();
            DatasetSnapshot snapshot;
            Future<RecordMetadata> event;
            try {
                snapshot = sendAll(producer, id, dataset, topic, cut, items, storage, curationConfig, now);
                event = publish(producer, snapshot);
                commit(producer, snapshot, event); // throws unless every record above was acknowledged
            } catch (CommitTimedOut e) {
                throw e; // no abort: the producer refuses one while a commit may be completing
            } catch (RuntimeException e) {
                abortQuietly(producer, e); // or the events topic's readers wait out the transaction timeout
                throw e;
            }
            LOG.info("snapshot {} of {}: {} items in {}", id, dataset, snapshot.getItemCount(), storage.name());
            awaitVisible(snapshot, done(event));
            return snapshot;
        } finally {
            // bounded: a commit still completing gets the read timeout to finish, an open transaction is aborted
            producer.close(scan.timeout());
        }
    }

    private void commit(KafkaProducer<byte[], byte[]> producer, DatasetSnapshot snapshot, Future<RecordMetadata> event) {
        TimeoutException last = null;
        for (int call = 1; call <= COMMIT_CALLS; call++) {
            try {
                commit.commit(producer);
                return;
            } catch (TimeoutException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                LOG.warn("the commit of snapshot {} timed out (call {} of {}): {}", snapshot.getSnapshotId(), call,
                        COMMIT_CALLS, e.getMessage());
            }
        }
        throw new CommitTimedOut(snapshot, event, last);
    }

    private static DatasetSnapshot sendAll(KafkaProducer<byte[], byte[]> producer, String id, String dataset, String topic,
                                           Map<Integer, Long> cut, LatestPerKey items, TopicSpec storage,
                                           Map<String, String> curationConfig, Instant now) {
        SnapshotDigest digest = new SnapshotDigest();
        items.forEach((key, value, timestamp) -> {
            producer.send(new ProducerRecord<>(storage.name(), 0, timestamp, key, value));
            digest.add(key, value);
        });
        return DatasetSnapshot.newBuilder()
                .setSnapshotId(id).setDataset(dataset).setTopic(topic).setEndOffsets(offsets(cut))
                .setItemCount(digest.items()).setCurationConfig(curationConfig).setCreatedAt(now)
                .setStorageTopic(storage.name()).setDigest(digest.finish()).build();
    }

    /** A fenced or epoch-bumped producer cannot abort: the coordinator has aborted its transaction already. */
    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer, RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private Future<RecordMetadata> publish(KafkaProducer<byte[], byte[]> producer, DatasetSnapshot snapshot) {
        String events = topics.datasetSnapshots().name();
        return producer.send(new ProducerRecord<>(events, snapshot.getSnapshotId().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(events, snapshot)));
    }

    /**
     * Read-your-writes: the commit has returned, but until its markers are written a read_committed
     * reader sees neither the event nor the items (a job submitted right after a take found no such
     * snapshot). The snapshot is durable either way, so a slow marker is logged, not thrown.
     */
    void awaitVisible(DatasetSnapshot snapshot, RecordMetadata event) {
        boolean visible = scan.awaitVisible(event.topic(), event.partition(), event.offset())
                && (snapshot.getItemCount() == 0
                || scan.awaitVisible(snapshot.getStorageTopic(), 0, snapshot.getItemCount() - 1));
        if (!visible) {
            LOG.warn("snapshot {} is committed but not yet visible to read_committed readers after {}",
                    snapshot.getSnapshotId(), scan.timeout());
        }
    }

    private static RecordMetadata done(Future<RecordMetadata> sent) {
        try {
            return sent.get(); // complete: commitTransaction returned, so every send was acknowledged
        } catch (ExecutionException e) {
            throw new IllegalStateException("the snapshot event was not written: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a snapshot", e);
        }
    }

    private static List<PartitionOffset> offsets(Map<Integer, Long> cut) {
        List<PartitionOffset> out = new ArrayList<>();
        cut.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(new PartitionOffset(e.getKey(), e.getValue())));
        return out;
    }
}
