package dev.orbiter.train.capture;

import static dev.orbiter.train.capture.CaptureServiceIT.ACME;
import static dev.orbiter.train.capture.CaptureServiceIT.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.curation.CurationRunner;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.curation.DeadLetter;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform's first half end to end: a step posted over HTTP is curated into its dataset, a
 * late reward posted over HTTP changes it, a repeat of its id does not duplicate it, a poison pill
 * lands in the dead-letter topic with headers, and a snapshot names the offsets.
 */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
class CaptureToDatasetIT {

    private static final String DATASET = "orbiter.dataset.e2e";
    private static CurationRunner curation;

    @BeforeAll
    static void startCuration() throws Exception {
        TopicReader.ensureTopics();
        curation = Curations.start("e2e", Map.of("orbiter.datasets.e2e.strategies", "tasks=e2e-*,status=success",
                "orbiter.datasets.e2e.min-score", "0.5", "orbiter.datasets.e2e.near-dedup.threshold", "0.8"));
    }

    @AfterAll
    static void stopCuration() {
        if (curation != null) {
            curation.close();
        }
    }

    @Test
    void aStepPostedOverHttpIsCuratedRescoredByALateRewardNeverDuplicatedAndSnapshotted() throws Exception {
        // Given a step posted over HTTP, unscored (it waits for its reward, then falls back)
        post("/v1/steps", ACME, """
                {"id": "e2e-step-1", "task_id": "e2e-1", "agent_id": "solver", "input": "What is 6*7?", "output": "42"}
                """).statusCode(202);
        post("/v1/steps", ACME, """
                {"id": "e2e-step-2", "task_id": "e2e-1", "agent_id": "solver", "input": "What is 6*8?", "output": "48",
                 "score": 0.9}""").statusCode(202);
        post("/v1/steps", ACME, """
                {"id": "other-1", "task_id": "other-task", "input": "q", "output": "a", "score": 1.0}""").statusCode(202);

        // Then the scored one is curated at once; the unscored one is not (fallback 0 < min score 0.5)
        await().atMost(Duration.ofSeconds(30)).until(() -> latest().containsKey("e2e-step-2"));
        assertThat(latest()).doesNotContainKey("e2e-step-1").doesNotContainKey("other-1");

        // When its late reward is posted over HTTP, Then the step enters the dataset with that score
        post("/v1/rewards", ACME, """
                {"step_id": "e2e-step-1", "task_id": "e2e-1", "value": 0.95, "source": "grader"}""").statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> latest().containsKey("e2e-step-1"));
        assertThat(latest().get("e2e-step-1").getScore()).isEqualTo(0.95);
        assertThat(latest().get("e2e-step-1").getMetadata()).containsEntry("reward_source", "reward");

        // When the same step id is posted again (a client retry), followed by a marker in the same task
        post("/v1/steps", ACME, """
                {"id": "e2e-step-2", "task_id": "e2e-1", "agent_id": "solver", "input": "What is 6*8?", "output": "48",
                 "score": 0.9}""").statusCode(202);
        post("/v1/steps", ACME, """
                {"id": "e2e-marker", "task_id": "e2e-1", "input": "marker", "output": "done", "score": 1.0}""")
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> latest().containsKey("e2e-marker"));

        // Then the dataset holds it once (the marker came after it in the same partition)
        List<ConsumerRecord<String, TrajectoryStep>> all = readAll();
        assertThat(all.stream().filter(r -> r.value() != null && r.value().getId().equals("e2e-step-2"))).hasSize(1);

        // When a poison pill is written to the steps topic, Then it is in the DLQ with headers
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                OrbiterTestStack.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("orbiter.steps", "e2e-1", "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().stream()
                .anyMatch(r -> "garbage".equals(new String(r.value(), StandardCharsets.UTF_8))));
        ConsumerRecord<byte[], byte[]> dead = deadLetters().stream()
                .filter(r -> "garbage".equals(new String(r.value(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
        assertThat(header(dead, DeadLetter.TOPIC)).isEqualTo("orbiter.steps");
        assertThat(header(dead, DeadLetter.REASON)).isEqualTo("does not deserialize");
        assertThat(curation.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

        // When a snapshot is taken, Then it freezes exactly the dataset's current items
        DatasetSnapshot snapshot;
        Map<String, Object> client = Map.of("bootstrap.servers", OrbiterTestStack.get().bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            snapshot = new DatasetSnapshots(admin, client, registry(), curation.settings().topics(), Duration.ofSeconds(30))
                    .take("e2e", DATASET, curation.settings().describe("e2e"));
        }
        DatasetReader reader = new DatasetReader(client, registry(), Duration.ofSeconds(30));
        assertThat(snapshot.getTopic()).isEqualTo(DATASET);
        assertThat(snapshot.getEndOffsets()).hasSize(3);
        assertThat(reader.read(snapshot, n -> { })).extracting(TrajectoryItem::id).containsExactlyInAnyOrderElementsOf(
                reader.readLatest(DATASET, n -> { }).stream().map(TrajectoryItem::id).toList());
        assertThat(snapshot.getItemCount()).isEqualTo(latest().size());
    }

    private static Map<String, TrajectoryStep> latest() {
        Map<String, TrajectoryStep> byId = new HashMap<>();
        for (ConsumerRecord<String, TrajectoryStep> r : readAll()) {
            if (r.value() != null) {
                byId.put(r.value().getId(), r.value());
            }
        }
        return byId;
    }

    private static List<ConsumerRecord<String, TrajectoryStep>> readAll() {
        AvroDeserializer<TrajectoryStep> values = new AvroDeserializer<>(registry(), TrajectoryStep.class);
        return read(DATASET, new StringDeserializer(), values);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return read("orbiter.dlq.stream-processor", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static <K, V> List<ConsumerRecord<K, V>> read(String topic, org.apache.kafka.common.serialization.Deserializer<K> k,
                                                         org.apache.kafka.common.serialization.Deserializer<V> v) {
        return TopicContents.readAll(OrbiterTestStack.get().bootstrapServers(), topic, k, v);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static SchemaRegistryClient registry() {
        return new SchemaRegistryClient(RegistryClientConfig.of(OrbiterTestStack.get().schemaRegistryUrl()));
    }
}
