package dev.orbiter.train.client.dataset;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads curated datasets back from Kafka.
 * <ul>
 *   <li>A snapshot ({@link #read}): its frozen storage topic, in storage order, checked against the
 *       snapshot's item count and digest; a deleted, unfrozen, missing or altered snapshot is a
 *       {@link SnapshotException}, never a silently different dataset.</li>
 *   <li>The live dataset now ({@link #readLatest}) or as of a moment ({@link #readAsOf}): the
 *       latest value per key of the compacted topic (tombstones remove their key), in a stable
 *       order (partition, then offset of the kept record). These are views, not versions: the
 *       log cleaner may since have removed older values.</li>
 * </ul>
 * Always read_committed, so aborted writes of the curation topology are never seen.
 */
public final class DatasetReader {

    private final TopicScan scan;
    private final AvroDeserializer<TrajectoryStep> steps;
    private final SchemaRegistryClient registry;

    public DatasetReader(Map<String, ?> consumerConfig, SchemaRegistryClient registry, Duration timeout) {
        this.scan = new TopicScan(consumerConfig, timeout);
        this.registry = registry;
        this.steps = new AvroDeserializer<>(registry, TrajectoryStep.class);
    }

    /** The snapshot with this id from the (compacted) snapshots topic, if there is one. */
    public Optional<DatasetSnapshot> findSnapshot(String snapshotsTopic, String snapshotId) {
        AvroDeserializer<DatasetSnapshot> values = new AvroDeserializer<>(registry, DatasetSnapshot.class);
        byte[] wanted = snapshotId.getBytes(StandardCharsets.UTF_8);
        DatasetSnapshot[] found = new DatasetSnapshot[1];
        scan.scan(snapshotsTopic, null, r -> {
            if (java.util.Arrays.equals(wanted, r.key())) {
                found[0] = r.value() == null ? null : values.deserialize(snapshotsTopic, r.value());
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /**
     * The items of a frozen snapshot, in its storage order. Throws {@link SnapshotException} when
     * the snapshot was deleted, predates frozen storage, lost its topic, or does not hold what its
     * item count and digest say.
     */
    public List<TrajectoryItem> read(DatasetSnapshot snapshot, LongConsumer progress) {
        return read(snapshot, progress, null);
    }

    /**
     * The items of a frozen snapshot for a reader of {@code tenant} (null: anybody's items): as
     * {@link #read(DatasetSnapshot, LongConsumer)}, and a {@link SnapshotException} of reason
     * {@code OTHER_TENANT} when any item carries another tenant (items without one, captured
     * without authentication, are anybody's). Bind the dataset to the tenant
     * ({@code orbiter.datasets.<d>.tenants}) so it holds only that tenant's steps.
     */
    public List<TrajectoryItem> read(DatasetSnapshot snapshot, LongConsumer progress, String tenant) {
        String id = snapshot.getSnapshotId();
        if (snapshot.getDeletedAt() != null) {
            throw new SnapshotException(id, SnapshotException.Reason.DELETED, "was deleted at " + snapshot.getDeletedAt());
        }
        if (snapshot.getStorageTopic() == null || snapshot.getDigest() == null) {
            throw new SnapshotException(id, SnapshotException.Reason.NOT_FROZEN, "was taken before snapshots were frozen"
                    + " (end offsets on the compacted topic " + snapshot.getTopic() + " only), so its items cannot be"
                    + " read back as they were; take a new snapshot");
        }
        String topic = snapshot.getStorageTopic();
        Map<Integer, Long> end = scan.ends(topic);
        if (end.isEmpty()) {
            throw new SnapshotException(id, SnapshotException.Reason.STORAGE_MISSING, "its storage topic " + topic
                    + " does not exist (deleted outside Orbiter?)");
        }
        // The items sit at offsets 0..n-1 and their transaction's commit marker at n. A commit returns
        // before its markers are written, so a snapshot read at once may find the last stable offset
        // still before its items: read up to n + 1 at least, and the consumer's poll waits for them.
        // Records appended later are read too, and the count and digest checks refuse them.
        long count = snapshot.getItemCount();
        if (count > 0) {
            end.merge(0, count + 1, Math::max);
        }
        SnapshotDigest digest = new SnapshotDigest();
        List<TrajectoryItem> items;
        long foreign;
        try (ParallelDecoder decoder = new ParallelDecoder(steps, topic, tenant)) {
            scan.scan(topic, end, r -> {
                if (r.key() == null || r.value() == null) {
                    throw corrupt(id, topic, r.offset(), "has no key or no value");
                }
                digest.add(r.key(), r.value());
                decoder.add(r.offset(), r.value());
                progress.accept(digest.items());
            });
            items = decoder.finish((int) Math.min(Integer.MAX_VALUE - 8, digest.items()));
            foreign = decoder.foreign();
        } catch (ParallelDecoder.Undecodable e) {
            throw corrupt(id, topic, e.offset, "does not decode (" + e.getMessage() + ")");
        } catch (TopicScan.Stalled e) {
            throw new SnapshotException(id, SnapshotException.Reason.CORRUPT, "its storage " + topic + " ends at offset "
                    + e.position + ", before the " + count + " items the snapshot has: " + e.getMessage());
        }
        String actual = digest.finish();
        if (digest.items() != snapshot.getItemCount() || !actual.equals(snapshot.getDigest())) {
            throw new SnapshotException(id, SnapshotException.Reason.CORRUPT, "its storage " + topic + " holds "
                    + digest.items() + " items with digest " + actual + ", but the snapshot has " + snapshot.getItemCount()
                    + " items with digest " + snapshot.getDigest() + "; it was altered after it was taken");
        }
        if (foreign > 0) {
            throw new SnapshotException(id, SnapshotException.Reason.OTHER_TENANT, foreign + " of its " + items.size()
                    + " items are steps of other tenants than " + tenant + "; bind dataset " + snapshot.getDataset()
                    + " to the tenant (orbiter.datasets." + snapshot.getDataset() + ".tenants) to train on it");
        }
        return items;
    }

    private static SnapshotException corrupt(String id, String topic, long offset, String what) {
        return new SnapshotException(id, SnapshotException.Reason.CORRUPT, "the record at offset " + offset + " of its storage "
                + topic + " " + what + "; the storage was altered after the snapshot was taken");
    }

    /** The items as of a moment: each partition read up to its first offset at or after {@code epochMillis}. */
    public List<TrajectoryItem> readAsOf(String topic, long epochMillis, LongConsumer progress) {
        try (KafkaConsumer<byte[], byte[]> c = scan.consumer()) {
            List<TopicPartition> parts = scan.partitions(c, topic);
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, epochMillis));
            Map<TopicPartition, OffsetAndTimestamp> at = c.offsetsForTimes(query, scan.timeout());
            Map<TopicPartition, Long> ends = c.endOffsets(parts, scan.timeout());
            Map<Integer, Long> end = new HashMap<>();
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp o = at.get(tp);
                end.put(tp.partition(), o == null ? ends.get(tp) : o.offset());
            }
            return latestUpTo(topic, end, progress);
        }
    }

    /** The items now: every partition read up to its current (committed) end. */
    public List<TrajectoryItem> readLatest(String topic, LongConsumer progress) {
        return latestUpTo(topic, scan.ends(topic), progress);
    }

    private List<TrajectoryItem> latestUpTo(String topic, Map<Integer, Long> end, LongConsumer progress) {
        Map<String, TrajectoryStep> latest = new LinkedHashMap<>();
        long[] seen = {0};
        scan.scan(topic, end, r -> {
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            latest.remove(key); // re-insert: the order is that of each key's last write
            if (r.value() != null) {
                latest.put(key, steps.deserialize(topic, r.headers(), r.value()));
            }
            progress.accept(++seen[0]);
        });
        List<TrajectoryItem> items = new ArrayList<>(latest.size());
        latest.values().forEach(s -> items.add(StepCodec.toItem(s)));
        return items;
    }
}
