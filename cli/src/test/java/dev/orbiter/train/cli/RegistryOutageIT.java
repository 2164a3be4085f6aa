package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.curation.CurationNames;
import dev.orbiter.train.testkit.InJvmKafkaBroker;
import dev.orbiter.train.testkit.SchemaRegistryProcess;
import dev.orbiter.train.testkit.TopicContents;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The schema registry stopped and started again (same port, same H2 file, so the same ids) while
 * capture-service and stream-processor (packaged, as child processes) run. Cached schema ids keep
 * both working (capture registers and caches the step and reward schemas at startup, so even its
 * first reward during the outage is taken); a schema id the curation never fetched waits (neither
 * dead-lettered nor skipped, the failed stream thread is replaced and counted) and goes through
 * once the registry is back.
 */
class RegistryOutageIT {

    private static final String DATASET = "outage";
    private static final List<String> CURATION_SETTINGS = List.of(
            "-Dorbiter.datasets." + DATASET + ".min-score=0", "-Dorbiter.datasets." + DATASET + ".dedup.key=id",
            "-Dorbiter.curation.registry-wait=2s", "-Dorbiter.curation.registry-retry-backoff=1s",
            // A replaced thread's tasks move once the dead consumer's session ends (Kafka Streams does not leave
            // the group on a replacement): 6 s here instead of the default 45 s keeps each retry short.
            "-Dkafka-streams.consumer.session.timeout.ms=6000");
    private static final Pattern REPLACEMENTS = Pattern.compile(
            "(?m)^orbiter_curation_stream_thread_replacements_total\\{[^}]*reason=\"registry\"[^}]*}\\s+(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void cachedSchemasCarryCaptureAndCurationThroughAnOutageAndAFirstUseWaitsForTheRegistry() throws Exception {
        Path root = ServiceProcess.projectRoot();
        Path home = Path.of("target", "registry-outage").toAbsolutePath();
        Wipe.directory(home);
        int registryPort = ServiceProcess.freePort();
        int capturePort = ServiceProcess.freePort();
        int curationPort = ServiceProcess.freePort();
        try (InJvmKafkaBroker broker = InJvmKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            SchemaRegistryProcess registry = SchemaRegistryProcess.start(registryPort, home.resolve("registry"));
            ChildProcess capture = null;
            ChildProcess curation = null;
            try {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                    TopicAdmin.ensure(admin, List.of(Topics.defaults().steps(), Topics.defaults().rewards()));
                }
                capture = ServiceProcess.capture(root, home, bootstrap, registry.confluentUrl(), capturePort);
                curation = ServiceProcess.streamProcessor(root, home, bootstrap, registry.confluentUrl(), curationPort,
                        CURATION_SETTINGS);
                // One client for reading back: its cache is what any consumer that ran before the outage holds.
                SchemaRegistryClient reader = new SchemaRegistryClient(RegistryClientConfig.of(registry.confluentUrl()));

                // Given steps captured and curated while the registry is up (their schema ids are now cached)
                Set<String> before = postSteps(capturePort, "before", 30);
                awaitCurated(bootstrap, reader, before);
                // and a new version of the step schema, registered but never seen by the curation
                int evolvedId = reader.register("orbiter.steps-value", evolvedStepSchema());

                // When the registry goes down
                registry.close();

                // Then capture still takes steps and stays ready, and the curation curates them
                Set<String> during = postSteps(capturePort, "during", 30);
                assertThat(ServiceProcess.ready(capturePort)).as("capture stays in rotation on cached ids").isTrue();
                awaitCurated(bootstrap, reader, during);
                // and so does a reward, whose schema capture registered (and cached) at startup, though no
                // reward was sent before the outage
                HttpResponse<String> firstReward = postReward(capturePort, "before-0000");
                assertThat(firstReward.statusCode()).as(firstReward.body()).isEqualTo(202);
                // and a step written with the new schema id waits: its stream thread is replaced (and retried),
                // the curation stays alive and dead-letters nothing
                produceEvolvedStep(bootstrap, evolvedId, "evolved-0001");
                await().atMost(Duration.ofSeconds(60)).until(() -> registryReplacements(curationPort) >= 2);
                assertThat(ServiceProcess.ok("http://127.0.0.1:" + curationPort + "/q/health/live"))
                        .as("Kafka Streams is RUNNING or REBALANCING, not stopped").isTrue();
                assertThat(deadLetters(bootstrap)).isEmpty();

                // When the registry returns at the same address with the same ids
                registry = SchemaRegistryProcess.start(registryPort, home.resolve("registry"));

                // Then the waiting step is curated, and the reward is joined to its step
                awaitCurated(bootstrap, reader, Set.of("evolved-0001"));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(latestById(bootstrap, reader).get("before-0000").getScore()).isEqualTo(0.25));
                Set<String> expected = new LinkedHashSet<>(before);
                expected.addAll(during);
                expected.add("evolved-0001");
                Map<String, Integer> versions = versionsById(bootstrap, reader);
                assertThat(versions.keySet()).as("every step, nothing else").containsExactlyInAnyOrderElementsOf(expected);
                assertThat(versions).as("each step written once; the rewarded one re-emitted once")
                        .containsEntry("before-0000", 2)
                        .allSatisfy((id, n) -> assertThat(n).isEqualTo(id.equals("before-0000") ? 2 : 1));
                assertThat(deadLetters(bootstrap)).isEmpty();
            } finally {
                if (curation != null) {
                    curation.close();
                }
                if (capture != null) {
                    capture.close();
                }
                registry.close();
            }
        }
    }

    /** The replacements the stream-processor counted for registry outages, from its Prometheus endpoint. */
    private double registryReplacements(int port) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = REPLACEMENTS.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Posts {@code count} scored steps one request each; every one must be answered 202. */
    private Set<String> postSteps(int port, String prefix, int count) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            String id = String.format("%s-%04d", prefix, i);
            ObjectNode step = JSON.createObjectNode().put("id", id).put("task_id", prefix + "-task-" + (i % 7))
                    .put("input", "question " + prefix + " " + i).put("output", "answer " + i).put("score", 1.0);
            HttpResponse<String> r = post(port, "/v1/steps", step.toString());
            assertThat(r.statusCode()).as(id + ": " + r.body()).isEqualTo(202);
            ids.add(id);
        }
        return ids;
    }

    private HttpResponse<String> postReward(int port, String stepId) throws Exception {
        ObjectNode reward = JSON.createObjectNode().put("step_id", stepId).put("task_id", "before-task-0")
                .put("value", 0.25).put("source", "judge");
        return post(port, "/v1/rewards", reward.toString());
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitCurated(String bootstrap, SchemaRegistryClient reader, Set<String> ids) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(latestById(bootstrap, reader).keySet()).containsAll(ids));
    }

    /** The dataset topic's committed records, in offset order per partition. */
    private static List<ConsumerRecord<String, TrajectoryStep>> dataset(String bootstrap, SchemaRegistryClient reader) {
        return TopicContents.readAll(bootstrap, Topics.defaults().dataset(DATASET).name(), new StringDeserializer(),
                new AvroDeserializer<>(reader, TrajectoryStep.class));
    }

    /** The last version of each step id. */
    private static Map<String, TrajectoryStep> latestById(String bootstrap, SchemaRegistryClient reader) {
        Map<String, TrajectoryStep> out = new LinkedHashMap<>();
        dataset(bootstrap, reader).stream().filter(r -> r.value() != null).forEach(r -> out.put(r.value().getId(), r.value()));
        return out;
    }

    /** How many versions of each step id the dataset topic holds (tombstones counted by key). */
    private static Map<String, Integer> versionsById(String bootstrap, SchemaRegistryClient reader) {
        Map<String, Integer> out = new LinkedHashMap<>();
        dataset(bootstrap, reader).forEach(r ->
                out.merge(r.value() == null ? "<tombstone " + r.key() + ">" : r.value().getId(), 1, Integer::sum));
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String bootstrap) {
        return TopicContents.readAll(bootstrap, Topics.defaults().dlq(CurationNames.DLQ_APPLICATION).name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** TrajectoryStep plus an optional string field at the end: a BACKWARD-compatible next version. */
    private static Schema evolvedStepSchema() throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree(TrajectoryStep.getClassSchema().toString());
        ObjectNode field = ((ArrayNode) schema.get("fields")).addObject();
        field.put("name", "outage_note").put("doc", "added by a newer producer").putNull("default");
        field.putArray("type").add("null").add("string");
        return new Schema.Parser().parse(schema.toString());
    }

    /**
     * A producer that registered the evolved schema before the outage writes with its id. Avro's
     * binary form of the evolved record is the current one followed by the new field (union branch
     * 1, then the string), so it is built from the current record's bytes.
     */
    private static void produceEvolvedStep(String bootstrap, int schemaId, String id) throws Exception {
        TrajectoryStep step = StepCodec.toStep(TrajectoryItem.builder().id(id).taskId("evolved-task").input("new q")
                .output("new a").score(1.0).build(), "sdk", null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<TrajectoryStep>(TrajectoryStep.getClassSchema(), SpecificData.getForClass(TrajectoryStep.class))
                .write(step, encoder);
        encoder.writeIndex(1);
        encoder.writeString("written while the registry was down");
        encoder.flush();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("orbiter.steps", step.getTaskId(), out.toByteArray())).get();
        }
    }
}
