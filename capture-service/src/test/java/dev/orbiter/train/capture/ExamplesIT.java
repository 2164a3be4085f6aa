package dev.orbiter.train.capture;

import static dev.orbiter.train.capture.CaptureServiceIT.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.CapturedCallKind;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import dev.orbiter.train.trajectory.TrajectoryItem;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's four ways in, run as their users would run them: the programs in {@code examples/}
 * (Node with kafkajs and Confluent's serdes, Node with the OpenTelemetry SDK, Python with the
 * standard library over HTTP and through the gateway) against the real broker, registry and this
 * service; then what they wrote is read back.
 */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
@WithTestResource(UpstreamStub.class)
class ExamplesIT {

    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TestHTTPResource("/")
    URL service;

    @BeforeAll
    static void topics() throws Exception {
        TopicReader.ensureTopics();
        assertThat(EXAMPLES.resolve("node/node_modules")).as("run 'npm ci --prefix examples/node' (./verify does)")
                .isDirectory();
    }

    @Test
    void givenTheNodeKafkaExample_whenItProducesStepsDirectly_thenTheyDecodeWithTheirToolCallAndNestedMetadata() throws Exception {
        String task = "node-" + UUID.randomUUID();
        run(List.of("node", "node/produce-steps.mjs", task));

        List<TrajectoryStep> steps = records("orbiter.steps", TrajectoryStep.class).stream()
                .filter(s -> s.getTaskId().equals(task)).toList();
        assertThat(steps).extracting(TrajectoryStep::getId).containsExactly(task + "-step-0", task + "-step-1");
        TrajectoryItem first = StepCodec.toItem(steps.get(0));
        assertThat(first.toolCalls()).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("function", Map.of("name", "calc", "arguments", "{\"expression\":\"17*23\"}")));
        assertThat(first.metadata()).containsEntry("attempt_info", Map.of("retries", 0));
    }

    @Test
    void givenTheNodeOpenTelemetryAgent_whenItExportsItsTrace_thenItsCallsToolResultAndRewardAreCaptured() throws Exception {
        String conversation = "otel-node-" + UUID.randomUUID();
        run(List.of("node", "node/otel-agent.mjs", conversation));

        List<CapturedCall> calls = records("orbiter.captured-calls", CapturedCall.class).stream()
                .filter(c -> c.getTaskId().equals(conversation)).toList();
        assertThat(calls).extracting(CapturedCall::getKind).containsExactlyInAnyOrder(CapturedCallKind.MODEL_CALL,
                CapturedCallKind.MODEL_CALL, CapturedCallKind.TOOL_RESULT);
        assertThat(calls).extracting(CapturedCall::getAgentId).containsOnly("node-calc-agent");
        assertThat(records("orbiter.rewards", RewardEvent.class)).filteredOn(r -> r.getTaskId().equals(conversation))
                .singleElement().satisfies(r -> assertThat(r.getValue()).isEqualTo(1.0));
    }

    @Test
    void givenThePythonHttpExample_whenItPostsStepsAndAReward_thenTheyAreOnTheTopics() throws Exception {
        String task = "py-" + UUID.randomUUID();
        run(List.of("python3", "python/capture_http.py", task));

        assertThat(records("orbiter.steps", TrajectoryStep.class)).filteredOn(s -> s.getTaskId().equals(task))
                .extracting(TrajectoryStep::getSource).containsExactly("http", "http");
        assertThat(records("orbiter.rewards", RewardEvent.class)).filteredOn(r -> r.getTaskId().equals(task)).hasSize(1);
    }

    @Test
    void givenThePythonGatewayAgent_whenItChatsTwice_thenBothCallsAreCapturedForItsTask() throws Exception {
        String task = "py-gw-" + UUID.randomUUID();
        run(List.of("python3", "python/gateway_agent.py", task));

        assertThat(records("orbiter.captured-calls", CapturedCall.class)).filteredOn(c -> c.getTaskId().equals(task))
                .extracting(CapturedCall::getAgentId).containsExactly("py-gateway-agent", "py-gateway-agent");
    }

    /** Runs an example to its end (at most two minutes), with the stack's addresses in its environment. */
    private void run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("example", ".log");
        ProcessBuilder b = new ProcessBuilder(command).directory(EXAMPLES.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        b.environment().putAll(Map.of("ORBITER_URL", service.toString().replaceAll("/$", ""), "ORBITER_API_KEY", ACME,
                "ORBITER_BOOTSTRAP", OrbiterTestStack.get().bootstrapServers(),
                "ORBITER_REGISTRY_URL", OrbiterTestStack.get().schemaRegistryUrl()));
        Process p = b.start();
        try {
            boolean done = p.waitFor(2, TimeUnit.MINUTES);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("%s did not finish in 2 minutes: %s", command, output).isTrue();
            assertThat(p.exitValue()).as("%s failed: %s", command, output).isZero();
        } finally {
            p.destroyForcibly(); // a no-op once it exited; stops it if it hung
            Files.deleteIfExists(log);
        }
    }

    private static <T extends SpecificRecord> List<T> records(String topic, Class<T> type) {
        AvroDeserializer<T> values = new AvroDeserializer<>(new SchemaRegistryClient(
                RegistryClientConfig.of(OrbiterTestStack.get().schemaRegistryUrl())), type);
        return TopicContents.readAll(OrbiterTestStack.get().bootstrapServers(), topic, new StringDeserializer(), values)
                .stream().map(r -> r.value()).filter(v -> v != null).toList();
    }
}
