package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.client.dataset.SnapshotException;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.SchemaRegistryProcess;
import dev.orbiter.train.testkit.TopicContents;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A snapshot is a version that never changes: after late rewards re-score and retract its items,
 * near-duplicates arrive, and the broker's log cleaner compacts the dataset topic, the snapshot
 * reads back with the same items and the same digest, also after the curation and the schema
 * registry restart, through fresh clients. Altered storage is refused, and a deleted snapshot says so.
 */
@ExtendWith(OrbiterStackExtension.class)
class FrozenSnapshotIT {

    private static final int ITEMS = 80;

    @Test
    void givenRewardsRetractionsAndCompactionAfterASnapshot_whenReadAgain_thenSameItemsAndDigest(OrbiterTestStack stack)
            throws Exception {
        String run = "frozen-" + UUID.randomUUID().toString().substring(0, 6);
        // a registry of this test's own, on a file, so it can be restarted with the same ids
        Path storage = Files.createTempDirectory(run + "-registry");
        int port = freePort();
        SchemaRegistryProcess ownRegistry = SchemaRegistryProcess.start(port, storage);
        Map<String, String> config = config(stack, run, ownRegistry.confluentUrl());
        String dataset = run + ".dataset.d";
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(ownRegistry.confluentUrl()));
        try (Admin admin = Admin.create(client);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic(dataset, 2, (short) 1).configs(eagerCompaction()))).all().get();
            CurationSerdes serdes = CurationSerdes.of(registry, Map.of());
            DatasetSnapshots snapshots;
            DatasetSnapshot snapshot;
            List<TrajectoryItem> frozen;
            try (CurationRunner curation = CurationRunner.start(config)) {
                snapshots = new DatasetSnapshots(admin, client, registry, curation.settings().topics(), Duration.ofSeconds(30));
                for (int i = 0; i < ITEMS; i++) {
                    send(producer, serdes, run, step(i, "question number " + i + " about topic " + (i * 7919 % 1000), 0.9));
                }
                // three re-scored before the snapshot: the topic holds 83 records, the snapshot 80 items
                for (int i = 0; i < 3; i++) {
                    reward(producer, serdes, run, "pre-" + i, i, 0.95);
                }
                // a reward may be joined before its step is emitted (then one version) or after (two): wait for
                // the latest view, not for a record count
                awaitLatest(stack, registry, dataset, latest -> latest.size() == ITEMS
                        && java.util.stream.IntStream.range(0, 3).allMatch(i -> score(latest, i) == 0.95));
                snapshot = snapshots.take("d", dataset, curation.settings().describe("d"));
                assertThat(snapshot.getItemCount()).isEqualTo(ITEMS);
                frozen = read(stack, registry, snapshot);
                assertThat(frozen).hasSize(ITEMS);

                // after it: 10 re-scored, 5 retracted (below min-score), 5 near-copies and 5 new items
                for (int i = 10; i < 20; i++) {
                    reward(producer, serdes, run, "late-" + i, i, 0.6);
                }
                for (int i = 20; i < 25; i++) {
                    reward(producer, serdes, run, "retract-" + i, i, 0.1);
                }
                for (int i = 30; i < 35; i++) {
                    send(producer, serdes, run, step(1000 + i, "question number " + i + " about topic " + (i * 7919 % 1000)
                            + " ?", 0.9));
                }
                for (int i = 0; i < 5; i++) {
                    send(producer, serdes, run, step(2000 + i, "a brand new question " + i, 0.9));
                }
                awaitLatest(stack, registry, dataset, latest -> java.util.stream.IntStream.range(10, 20)
                        .allMatch(i -> score(latest, i) == 0.6) && java.util.stream.IntStream.range(20, 25)
                        .noneMatch(i -> latest.containsKey("s-" + i)) && latest.containsKey("s-2004"));
            }
            awaitCompacted(stack, producer, dataset, snapshot);

            // Then the snapshot reads back unchanged after the curation stopped, and after the registry
            // restarted, through fresh clients, with the curation running again
            assertThat(read(stack, registry, snapshot)).isEqualTo(frozen);
            ownRegistry.close();
            ownRegistry = SchemaRegistryProcess.start(port, storage);
            SchemaRegistryClient freshRegistry = new SchemaRegistryClient(RegistryClientConfig.of(ownRegistry.confluentUrl()));
            try (CurationRunner restarted = CurationRunner.start(config)) {
                DatasetSnapshots fresh = new DatasetSnapshots(admin, client, freshRegistry, restarted.settings().topics(),
                        Duration.ofSeconds(30));
                DatasetSnapshot again = fresh.get(snapshot.getSnapshotId());
                assertThat(again.getDigest()).isEqualTo(snapshot.getDigest());
                assertThat(read(stack, freshRegistry, again)).isEqualTo(frozen);
                assertThat(fresh.list("d")).extracting(DatasetSnapshot::getSnapshotId).containsExactly(snapshot.getSnapshotId());
            }
            assertThat(frozen).filteredOn(i -> i.id().equals("s-12")).singleElement()
                    .satisfies(i -> assertThat(i.score()).isEqualTo(0.9));
            assertThat(frozen).extracting(TrajectoryItem::id).contains("s-22");

            // An altered storage topic is refused; a deleted snapshot says when it was deleted
            byte[] validValue = TopicContents.readAll(stack.bootstrapServers(), snapshot.getStorageTopic(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).get(0).value();
            producer.send(new ProducerRecord<>(snapshot.getStorageTopic(), "intruder", validValue)).get();
            assertThatThrownBy(() -> read(stack, registry, snapshot)).isInstanceOf(SnapshotException.class)
                    .hasMessageContaining("altered").extracting(e -> ((SnapshotException) e).reason())
                    .isEqualTo(SnapshotException.Reason.CORRUPT);
            snapshots.delete(snapshot.getSnapshotId());
            assertThat(snapshots.list("d")).isEmpty();
            DatasetSnapshot deleted = snapshots.get(snapshot.getSnapshotId());
            assertThat(deleted.getDeletedAt()).isNotNull();
            assertThatThrownBy(() -> read(stack, registry, deleted)).hasMessageContaining("was deleted at");
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get()
                    .contains(snapshot.getStorageTopic()));
        } finally {
            ownRegistry.close();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Segments roll at once and the cleaner takes any dirty segment (the broker's backoff is set low by the test kit). */
    private static Map<String, String> eagerCompaction() {
        return Map.of("cleanup.policy", "compact", "segment.ms", "100", "min.cleanable.dirty.ratio", "0.01",
                "min.compaction.lag.ms", "0", "delete.retention.ms", "0");
    }

    /**
     * Waits until the log cleaner has removed superseded versions below the snapshot's cut; records
     * are appended meanwhile, because the active segment is never cleaned.
     */
    private static void awaitCompacted(OrbiterTestStack stack, KafkaProducer<String, byte[]> producer, String dataset,
                                       DatasetSnapshot snapshot) {
        long below = snapshot.getEndOffsets().stream().mapToLong(p -> p.getOffset()).sum();
        int[] filler = {0};
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            producer.send(new ProducerRecord<>(dataset, "filler-" + (filler[0]++ % 4), new byte[] {0, 0, 0, 0, 1})).get();
            long remaining = TopicContents.readAll(stack.bootstrapServers(), dataset, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).stream().filter(r -> r.offset() < cut(snapshot, r)).count();
            return remaining < below - 13; // the 3 early and 10 late re-scored versions are gone, at least
        });
    }

    private static long cut(DatasetSnapshot s, ConsumerRecord<byte[], byte[]> r) {
        return s.getEndOffsets().stream().filter(p -> p.getPartition() == r.partition()).findFirst().orElseThrow().getOffset();
    }

    private static List<TrajectoryItem> read(OrbiterTestStack stack, SchemaRegistryClient registry, DatasetSnapshot s) {
        return new DatasetReader(Map.of("bootstrap.servers", stack.bootstrapServers()), registry, Duration.ofSeconds(30))
                .read(s, n -> { });
    }

    /** Waits until the live dataset (latest value per key, by step id) satisfies {@code done}. */
    private static void awaitLatest(OrbiterTestStack stack, SchemaRegistryClient registry, String topic,
                                    java.util.function.Predicate<Map<String, TrajectoryItem>> done) {
        DatasetReader reader = new DatasetReader(Map.of("bootstrap.servers", stack.bootstrapServers()), registry,
                Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> done.test(
                reader.readLatest(topic, n -> { }).stream().collect(java.util.stream.Collectors.toMap(TrajectoryItem::id,
                        i -> i, (a, b) -> b))));
    }

    private static double score(Map<String, TrajectoryItem> latest, int step) {
        TrajectoryItem i = latest.get("s-" + step);
        return i == null || i.score() == null ? Double.NaN : i.score();
    }

    private static TrajectoryStep step(int i, String input, double score) {
        return CurationDriver.step("s-" + i, "task-" + (i % 7), input, "answer " + i, score).setStep(i)
                .setTimestamp(Instant.now()).build();
    }

    private static void send(KafkaProducer<String, byte[]> p, CurationSerdes serdes, String run, TrajectoryStep s)
            throws Exception {
        p.send(new ProducerRecord<>(run + ".steps", s.getTaskId(), serdes.steps().serializer().serialize(run + ".steps", s)))
                .get();
    }

    private static void reward(KafkaProducer<String, byte[]> p, CurationSerdes serdes, String run, String id, int step,
                               double value) throws Exception {
        RewardEvent r = RewardEvent.newBuilder(CurationDriver.reward(id, "s-" + step, "task-" + (step % 7), value))
                .setTimestamp(Instant.now()).build();
        p.send(new ProducerRecord<>(run + ".rewards", r.getTaskId(), serdes.rewards().serializer().serialize(run + ".rewards", r)))
                .get();
    }

    private static Map<String, String> config(OrbiterTestStack stack, String run, String registryUrl) {
        Map<String, String> c = IsolatedRun.config(stack.bootstrapServers(), registryUrl, run);
        c.put("orbiter.curation.wait-for-reward", "none");
        c.put("orbiter.datasets.d.min-score", "0.5");
        c.put("orbiter.datasets.d.near-dedup.threshold", "0.8");
        return c;
    }
}
