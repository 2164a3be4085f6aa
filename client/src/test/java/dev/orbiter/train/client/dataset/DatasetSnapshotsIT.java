package dev.orbiter.train.client.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The snapshot store on the real broker: a snapshot holds the latest version of each key, in key
 * order, without the keys a tombstone removed; take returns only once readers find it; and a reader
 * waits for items whose transaction markers are not written yet (a commit returns before they are),
 * instead of reporting them missing.
 */
@ExtendWith(OrbiterStackExtension.class)
class DatasetSnapshotsIT {

    @Test
    void aSnapshotReadTheMomentItIsTakenHoldsTheLatestVersionOfEveryLiveKeyInKeyOrder(OrbiterTestStack stack) throws Exception {
        Run r = Run.of("snapshots", stack);
        Topics topics = r.topics();
        String dataset = r.dataset();
        Map<String, Object> client = r.client();
        SchemaRegistryClient registry = r.registry();
        try (Admin admin = Admin.create(client);
             KafkaProducer<String, TrajectoryStep> p = r.steps()) {
            TopicAdmin.ensure(admin, List.of(new TopicSpec(dataset, 3, (short) 1, TopicSpec.COMPACT, "k", "v", Map.of()),
                    topics.datasetSnapshots()));
            List<Future<RecordMetadata>> writes = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                writes.add(p.send(new ProducerRecord<>(dataset, String.format("k%02d", i % 40), step("v" + i))));
            }
            writes.add(p.send(new ProducerRecord<>(dataset, "k07", null))); // a retraction
            p.flush();
            List<String> acked = new ArrayList<>();
            for (Future<RecordMetadata> w : writes) {
                RecordMetadata m = w.get(); // every write acknowledged: a snapshot that misses one is the snapshot's fault
                acked.add(m.partition() + "@" + m.offset());
            }
            DatasetSnapshots snapshots = new DatasetSnapshots(admin, client, registry, topics, Duration.ofSeconds(30));
            DatasetReader reader = new DatasetReader(client, registry, Duration.ofSeconds(30));
            for (int round = 0; round < 8; round++) {
                DatasetSnapshot s = snapshots.take("d", dataset, Map.of("round", Integer.toString(round)));
                List<TrajectoryItem> items = reader.read(s, n -> { });
                assertThat(items).as("round %d: snapshot cut %s, writes acknowledged at (partition@offset, v0 first) %s",
                        round, s.getEndOffsets(), acked).hasSize(39);
                assertThat(s.getItemCount()).isEqualTo(39);
                // keys k00..k19 were written twice: the later version (v40..v59) is the one kept
                assertThat(items.get(0).id()).isEqualTo("v40");
                assertThat(items).extracting(TrajectoryItem::id).doesNotContain("v7", "v47", "v0");
            }
            assertThat(snapshots.list("d")).hasSize(8);
        }
    }

    @Test
    void takeReturnsOnlyOnceReadersFindTheSnapshotEvenBehindAnotherOpenTransaction(OrbiterTestStack stack) throws Exception {
        // A read_committed reader sees nothing past a partition's first open transaction, and nothing of a
        // committed one before its markers are written (a commit returns before that). Another writer's
        // transaction left open on the snapshots topic for 3 s stands for both windows, deterministically;
        // the trainer service once failed a job on a snapshot taken a moment before it was submitted.
        Run r = Run.of("visible", stack);
        Topics topics = r.topics();
        String dataset = r.dataset();
        Map<String, Object> client = r.client();
        SchemaRegistryClient registry = r.registry();
        try (Admin admin = Admin.create(client);
             KafkaProducer<String, TrajectoryStep> p = r.steps();
             KafkaProducer<byte[], byte[]> other = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                     "transactional.id", r.name()), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            TopicAdmin.ensure(admin, List.of(new TopicSpec(dataset, 1, (short) 1, TopicSpec.COMPACT, "k", "v", Map.of()),
                    topics.datasetSnapshots()));
            for (int i = 0; i < 5; i++) {
                p.send(new ProducerRecord<>(dataset, "k" + i, step("v" + i))).get();
            }
            DatasetSnapshots snapshots = new DatasetSnapshots(admin, client, registry, topics, Duration.ofSeconds(30));
            holdEveryPartition(other, topics.datasetSnapshots().name());
            java.util.concurrent.CompletableFuture<Void> commit = java.util.concurrent.CompletableFuture.runAsync(
                    other::commitTransaction, java.util.concurrent.CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));

            String id = snapshots.take("d", dataset, Map.of()).getSnapshotId();

            assertThat(new DatasetReader(client, registry, Duration.ofSeconds(30))
                    .findSnapshot(topics.datasetSnapshots().name(), id)).isPresent();
            assertThat(snapshots.delete(id).getDeletedAt()).isNotNull();
            assertThat(snapshots.list("d")).isEmpty();
            commit.get();
        }
    }

    @Test
    void aReaderWaitsForTheItemsOfATransactionWhoseMarkersAreNotWrittenYet(OrbiterTestStack stack) throws Exception {
        // A commit returns before its markers reach the partition; an open transaction committed a moment
        // later stands for that window, deterministically.
        String run = "markers-" + UUID.randomUUID().toString().substring(0, 6);
        TopicSpec storage = Topics.defaults().with("orbiter.topics.snapshot-prefix", run + ".").snapshot("s");
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
        AvroSerializer<TrajectoryStep> values = new AvroSerializer<>(registry, Map.of(), false);
        try (Admin admin = Admin.create(client);
             KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                     "transactional.id", run), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            TopicAdmin.ensure(admin, List.of(storage));
            p.initTransactions();
            p.beginTransaction();
            SnapshotDigest digest = new SnapshotDigest();
            for (int i = 0; i < 25; i++) {
                byte[] key = ("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] value = values.serialize(storage.name(), step("v" + i));
                p.send(new ProducerRecord<>(storage.name(), 0, key, value));
                digest.add(key, value);
            }
            p.flush();
            DatasetSnapshot s = DatasetSnapshot.newBuilder().setSnapshotId(run).setDataset("d").setTopic("t")
                    .setItemCount(25).setStorageTopic(storage.name()).setDigest(digest.finish()).build();
            // committed a second later: the window in which the items are written but not yet visible
            java.util.concurrent.CompletableFuture<Void> commit = java.util.concurrent.CompletableFuture.runAsync(
                    p::commitTransaction, java.util.concurrent.CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

            List<TrajectoryItem> items = new DatasetReader(client, registry, Duration.ofSeconds(30)).read(s, n -> { });

            commit.get();
            assertThat(items).extracting(TrajectoryItem::id).hasSize(25).startsWith("v0", "v1");
        }
    }

    @Test
    void aTakeWhoseTransactionTheBrokerLostIsWrittenAgainUnderANewIdAndTheLostAttemptLeavesNothing(OrbiterTestStack stack)
            throws Exception {
        // A coordinator that times a transaction out bumps its producer's epoch; the next send or the commit
        // then fails with this error (CI once lost a take that way). Thrown after the event is sent, the
        // stand-in also checks that the lost attempt's open transaction does not hold the events topic back.
        Run r = Run.of("lost", stack);
        try (Admin admin = Admin.create(r.client()); KafkaProducer<String, TrajectoryStep> p = r.steps()) {
            r.fill(admin, p, 5);
            AtomicInteger commits = new AtomicInteger();
            DatasetSnapshots snapshots = r.snapshots(admin, Duration.ofSeconds(30), producer -> {
                if (commits.incrementAndGet() == 1) {
                    throw new InvalidProducerEpochException("stands for an epoch bumped by the coordinator");
                }
                producer.commitTransaction();
            });

            DatasetSnapshot s = snapshots.take("d", r.dataset(), Map.of());

            assertThat(commits).hasValue(2);
            assertThat(snapshots.list("d")).extracting(DatasetSnapshot::getSnapshotId).containsExactly(s.getSnapshotId());
            assertThat(new DatasetReader(r.client(), r.registry(), Duration.ofSeconds(30)).read(s, n -> { })).hasSize(5);
            r.awaitStorageTopics(admin, s.getStorageTopic());
        }
    }

    @Test
    void aTakeThatFailsForAReasonARetryCannotCureFailsAtOnceAndLeavesNothing(OrbiterTestStack stack) throws Exception {
        Run r = Run.of("doomed", stack);
        try (Admin admin = Admin.create(r.client()); KafkaProducer<String, TrajectoryStep> p = r.steps()) {
            r.fill(admin, p, 1);
            AtomicInteger commits = new AtomicInteger();
            DatasetSnapshots snapshots = r.snapshots(admin, Duration.ofSeconds(30), producer -> {
                commits.incrementAndGet();
                throw new RecordTooLargeException("stands for a record the broker will never take");
            });

            assertThatThrownBy(() -> snapshots.take("d", r.dataset(), Map.of()))
                    .isInstanceOf(IllegalStateException.class).hasRootCauseInstanceOf(RecordTooLargeException.class);
            assertThat(commits).hasValue(1);
            assertThat(snapshots.list("d")).isEmpty();
            r.awaitStorageTopics(admin);
        }
    }

    @Test
    void aTakeLostOnEveryAttemptFailsWithEachAttemptsErrorAndLeavesNothing(OrbiterTestStack stack) throws Exception {
        Run r = Run.of("lost-thrice", stack);
        try (Admin admin = Admin.create(r.client()); KafkaProducer<String, TrajectoryStep> p = r.steps()) {
            r.fill(admin, p, 1);
            AtomicInteger commits = new AtomicInteger();
            DatasetSnapshots snapshots = r.snapshots(admin, Duration.ofSeconds(30), producer -> {
                throw new InvalidProducerEpochException("attempt " + commits.incrementAndGet() + " lost");
            });

            assertThatThrownBy(() -> snapshots.take("d", r.dataset(), Map.of()))
                    .hasRootCauseMessage("attempt 3 lost")
                    .satisfies(e -> assertThat(e.getSuppressed()).extracting(t -> t.getCause().getMessage())
                            .containsExactly("attempt 1 lost", "attempt 2 lost"));
            assertThat(commits).hasValue(DatasetSnapshots.ATTEMPTS);
            assertThat(snapshots.list("d")).isEmpty();
            r.awaitStorageTopics(admin);
        }
    }

    @Test
    void aCommitThatTimedOutButCompletedKeepsItsStorageSoTheSnapshotReadsWholeOnceReadersSeeIt(OrbiterTestStack stack)
            throws Exception {
        // The producer reports a timeout after its commit went through (a slow coordinator). Another
        // writer's open transaction on the events topic keeps readers from seeing the outcome within the
        // take's read timeout, so the take cannot confirm it: it must say so and free nothing.
        Run r = Run.of("unconfirmed", stack);
        try (Admin admin = Admin.create(r.client()); KafkaProducer<String, TrajectoryStep> p = r.steps();
             KafkaProducer<byte[], byte[]> other = r.transactional()) {
            TopicAdmin.ensure(admin, List.of(r.topics().datasetSnapshots()));
            r.fill(admin, p, 5);
            AtomicInteger commits = new AtomicInteger();
            AtomicReference<SnapshotUnconfirmedException> unconfirmed = new AtomicReference<>();
            DatasetSnapshots snapshots = r.snapshots(admin, Duration.ofSeconds(3), producer -> {
                if (commits.incrementAndGet() == 1) {
                    producer.commitTransaction();
                }
                throw new TimeoutException("stands for a commit that completed after the producer gave up waiting");
            });
            holdEveryPartition(other, r.topics().datasetSnapshots().name());

            assertThatThrownBy(() -> snapshots.take("d", r.dataset(), Map.of()))
                    .isInstanceOfSatisfying(SnapshotUnconfirmedException.class, e -> {
                        assertThat(e.snapshotId()).startsWith("d-");
                        assertThat(e.storageTopic()).startsWith(r.name() + ".snapshot.");
                        unconfirmed.set(e);
                    });
            other.commitTransaction();

            assertThat(commits).hasValue(SnapshotWriter.COMMIT_CALLS);
            DatasetSnapshot s = snapshots.get(unconfirmed.get().snapshotId());
            assertThat(s.getStorageTopic()).isEqualTo(unconfirmed.get().storageTopic());
            assertThat(new DatasetReader(r.client(), r.registry(), Duration.ofSeconds(30)).read(s, n -> { })).hasSize(5);
        }
    }

    @Test
    void aCommitThatTimedOutWhileItsTransactionWasAbortedIsWrittenAgainAndLeavesOneSnapshot(OrbiterTestStack stack)
            throws Exception {
        // The producer gives up on a commit that never went through; closing it aborts the transaction, so
        // readers see the event's offset passed without the event: a lost attempt, written again.
        Run r = Run.of("aborted", stack);
        try (Admin admin = Admin.create(r.client()); KafkaProducer<String, TrajectoryStep> p = r.steps()) {
            r.fill(admin, p, 5);
            AtomicInteger commits = new AtomicInteger();
            DatasetSnapshots snapshots = r.snapshots(admin, Duration.ofSeconds(30), producer -> {
                if (commits.incrementAndGet() <= SnapshotWriter.COMMIT_CALLS) {
                    throw new TimeoutException("stands for a coordinator that did not answer");
                }
                producer.commitTransaction();
            });

            DatasetSnapshot s = snapshots.take("d", r.dataset(), Map.of());

            assertThat(commits).hasValue(SnapshotWriter.COMMIT_CALLS + 1);
            assertThat(snapshots.list("d")).extracting(DatasetSnapshot::getSnapshotId).containsExactly(s.getSnapshotId());
            assertThat(new DatasetReader(r.client(), r.registry(), Duration.ofSeconds(30)).read(s, n -> { })).hasSize(5);
            r.awaitStorageTopics(admin, s.getStorageTopic());
        }
    }

    /** A test's own topics (the dataset, the snapshot events, the snapshots' storage) and clients. */
    private record Run(String name, Topics topics, String dataset, Map<String, Object> client,
                       SchemaRegistryClient registry) {
        static Run of(String prefix, OrbiterTestStack stack) {
            String run = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
            Topics topics = Topics.defaults().with("orbiter.topics.snapshot-prefix", run + ".snapshot.")
                    .with("orbiter.topics.dataset-snapshots.name", run + ".snapshots");
            return new Run(run, topics, run + ".dataset", Map.of("bootstrap.servers", stack.bootstrapServers()),
                    new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl())));
        }

        KafkaProducer<String, TrajectoryStep> steps() {
            return new KafkaProducer<>(client, new StringSerializer(), new AvroSerializer<>(registry, Map.of(), false));
        }

        KafkaProducer<byte[], byte[]> transactional() {
            return new KafkaProducer<>(Map.of("bootstrap.servers", client.get("bootstrap.servers"), "transactional.id", name),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** The run's dataset topic with {@code n} items k0, k1, ... (each acknowledged). */
        void fill(Admin admin, KafkaProducer<String, TrajectoryStep> p, int n) throws Exception {
            TopicAdmin.ensure(admin, List.of(new TopicSpec(dataset, 1, (short) 1, TopicSpec.COMPACT, "k", "v", Map.of())));
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(dataset, "k" + i, step("v" + i))).get();
            }
        }

        /** Waits until the run's snapshot storage topics are exactly these (a deletion takes a moment). */
        void awaitStorageTopics(Admin admin, String... expected) {
            String prefix = name + ".snapshot.";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .filteredOn(t -> t.startsWith(prefix)).containsExactlyInAnyOrder(expected));
        }

        DatasetSnapshots snapshots(Admin admin, Duration timeout, SnapshotWriter.Commit commit) {
            return new DatasetSnapshots(admin, client, registry, topics, timeout, commit);
        }
    }

    /** Opens a transaction with a record on each partition: read_committed readers see nothing past it. */
    private static void holdEveryPartition(KafkaProducer<byte[], byte[]> other, String topic) throws Exception {
        other.initTransactions();
        other.beginTransaction();
        for (var partition : other.partitionsFor(topic)) {
            other.send(new ProducerRecord<>(topic, partition.partition(), "other".getBytes(), null)).get();
        }
    }

    private static TrajectoryStep step(String id) {
        return TrajectoryStep.newBuilder().setId(id).setTaskId("t").setTimestamp(Instant.now()).setInput("q " + id).build();
    }
}
