package dev.orbiter.train.capture;

import static dev.orbiter.train.capture.CaptureServiceIT.ACME;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orbiter.train.avro.ChatMessage;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.curation.CurationRunner;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OTLP traces in, dataset items out: GenAI spans exported by the OpenTelemetry Java SDK's own
 * OTLP/HTTP exporter (protobuf, gzip) and Collector-style JSON become numbered steps in a dataset,
 * with tool results and evaluation rewards; resent and reordered spans change nothing.
 */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
class OtlpCaptureIT {

    private static final String DATASET = "orbiter.dataset.otel";
    private static CurationRunner curation;

    @TestHTTPResource("/v1/traces")
    URL traces;

    @BeforeAll
    static void startCuration() throws Exception {
        TopicReader.ensureTopics();
        curation = Curations.start("otel", Map.of("orbiter.datasets.otel.strategies", "tasks=conv-*",
                "orbiter.datasets.otel.min-score", "0", "orbiter.curation.calls.close-after", "1s",
                "orbiter.datasets.otel.dedup.key", "id"));
    }

    @AfterAll
    static void stopCuration() {
        if (curation != null) {
            curation.close();
        }
    }

    @Test
    void givenTheOtelSdksExporter_whenATwoTurnToolConversationIsTraced_thenItsStepsAreInTheDataset() {
        String conversation = "conv-sdk-" + UUID.randomUUID();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(traces.toString())
                .addHeader("X-API-Key", ACME).setCompression("gzip").build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"),
                        "calc-service")))).addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
        try {
            trace(provider.get("otlp-it"), conversation);
            assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> steps(conversation).size() == 2
                && steps(conversation).get(1).getScore() != null && steps(conversation).get(1).getScore() == 1.0);
        List<TrajectoryStep> steps = steps(conversation);
        TrajectoryStep first = steps.get(0);
        assertThat(first.getAgentId()).isEqualTo("calc-agent");
        assertThat(first.getTenant()).isEqualTo("acme");
        assertThat(first.getSource()).isEqualTo("otlp");
        assertThat(first.getInput()).isEqualTo("What is 17*23?");
        assertThat(first.getToolCalls()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("calc");
            assertThat(c.getId()).isEqualTo("call_1");
        });
        assertThat(first.getMessages()).extracting(ChatMessage::getRole).containsExactly("system", "user", "assistant", "tool");
        assertThat(first.getMessages().get(3).getContent()).isEqualTo("391");
        assertThat(first.getMetadata()).containsEntry("gen_ai.request.model", "tiny-model")
                .containsEntry("gen_ai.usage.input_tokens", 12L);
        assertThat(steps.get(1).getOutput()).isEqualTo("17*23 = 391");
        assertThat(steps).extracting(TrajectoryStep::getStep).containsExactly(0, 1);
    }

    /** invoke_agent ─┬ chat (asks for calc) ─ execute_tool calc ─ chat (answers, evaluated 1.0). */
    private static void trace(Tracer tracer, String conversation) {
        Instant t0 = Instant.now();
        Span agent = tracer.spanBuilder("invoke_agent calc-agent").setStartTimestamp(t0)
                .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", "calc-agent")
                .setAttribute("gen_ai.conversation.id", conversation).startSpan();
        Context inAgent = Context.root().with(agent);
        tracer.spanBuilder("chat tiny-model").setParent(inAgent).setStartTimestamp(t0.plusMillis(1))
                .setAttribute("gen_ai.operation.name", "chat").setAttribute("gen_ai.request.model", "tiny-model")
                .setAttribute("gen_ai.usage.input_tokens", 12L).setAttribute("gen_ai.usage.output_tokens", 5L)
                .setAttribute("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"Use the calculator.\"}]")
                .setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is 17*23?\"}]}]")
                .setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                        + "\"name\":\"calc\",\"arguments\":{\"expression\":\"17*23\"}}],\"finish_reason\":\"tool_call\"}]")
                .startSpan().end(t0.plusMillis(20));
        tracer.spanBuilder("execute_tool calc").setParent(inAgent).setStartTimestamp(t0.plusMillis(21))
                .setAttribute("gen_ai.operation.name", "execute_tool").setAttribute("gen_ai.tool.name", "calc")
                .setAttribute("gen_ai.tool.call.id", "call_1").setAttribute("gen_ai.tool.call.result", "391")
                .startSpan().end(t0.plusMillis(22));
        Span answer = tracer.spanBuilder("chat tiny-model").setParent(inAgent).setStartTimestamp(t0.plusMillis(23))
                .setAttribute("gen_ai.operation.name", "chat").setAttribute("gen_ai.request.model", "tiny-model")
                .setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is 17*23?\"}]},"
                        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"calc\"}]},"
                        + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"391\"}]}]")
                .setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                        + "\"content\":\"17*23 = 391\"}],\"finish_reason\":\"stop\"}]")
                .startSpan();
        answer.addEvent("gen_ai.evaluation.result", Attributes.builder().put("gen_ai.evaluation.name", "correctness")
                .put("gen_ai.evaluation.score.value", 1.0).build(), t0.plusMillis(40));
        answer.end(t0.plusMillis(40));
        agent.end(t0.plusMillis(41));
    }

    @Test
    void givenCollectorJsonBatches_whenResentAndReordered_thenEachSpanIsOneStepInStartOrder() {
        String conversation = "conv-json-" + UUID.randomUUID();
        String trace = "0af7651916cd43dd8448eb211c80319c";
        String late = OtlpJsonBodies.chatSpan(trace, "b7ad6b7169203331", conversation, 2_000, "second question", "second answer");
        String early = OtlpJsonBodies.chatSpan(trace, "00f067aa0ba902b7", conversation, 1_000, "first question", "first answer");

        postJson(OtlpJsonBodies.request(late)).statusCode(200).body(equalTo("{}"));
        postJson(OtlpJsonBodies.request(early)).statusCode(200);
        postJson(OtlpJsonBodies.request(late, early)).statusCode(200); // an exporter's retry of both

        await().atMost(Duration.ofSeconds(60)).until(() -> steps(conversation).size() >= 2);
        List<TrajectoryStep> steps = steps(conversation);
        assertThat(steps).extracting(TrajectoryStep::getInput).containsExactly("first question", "second question");
        assertThat(steps).extracting(TrajectoryStep::getStep).containsExactly(0, 1);
        assertThat(steps).extracting(TrajectoryStep::getId)
                .containsExactly("otel-" + trace + "-00f067aa0ba902b7", "otel-" + trace + "-b7ad6b7169203331");
        assertThat(steps).extracting(TrajectoryStep::getAgentId).containsOnly("json-agent");
    }

    @Test
    void givenABurstLargerThanAKafkaMessage_whenItArrivesInOneQuietWindow_thenEverySpanIsAStepNumberedInOrder() {
        String conversation = "conv-burst-" + UUID.randomUUID();
        String trace = "1af7651916cd43dd8448eb211c80319c";
        String text = "long agent context ".repeat(180); // 3.4 KB a span: 360 of them are past 1 MB of state
        for (int request = 0; request < 6; request++) {
            String[] spans = new String[60];
            for (int i = 0; i < 60; i++) {
                int n = request * 60 + i;
                spans[i] = OtlpJsonBodies.chatSpan(trace, String.format("%016x", n + 1), conversation, 10_000 + n,
                        "q" + n + " " + text, "a" + n);
            }
            postJson(OtlpJsonBodies.request(spans)).statusCode(200);
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> steps(conversation).size() == 360);
        assertThat(steps(conversation)).extracting(TrajectoryStep::getStep)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 360).boxed().toList());
        assertThat(curation.streams().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    }

    @Test
    void givenSpansWithoutGenAiAndOneWithBrokenMessages_thenThePartialSuccessNamesOnlyTheBrokenOne() {
        String broken = OtlpJsonBodies.span("0af7651916cd43dd8448eb211c8031aa", "00f067aa0ba90200", 1_000,
                "{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
                        + "{\"key\":\"gen_ai.input.messages\",\"value\":{\"stringValue\":\"[not json\"}}");
        String plain = OtlpJsonBodies.span("0af7651916cd43dd8448eb211c8031aa", "00f067aa0ba90201", 1_000,
                "{\"key\":\"http.method\",\"value\":{\"stringValue\":\"GET\"}}");

        postJson(OtlpJsonBodies.request(broken, plain)).statusCode(200)
                .body("partialSuccess.rejectedSpans", equalTo("1"))
                .body("partialSuccess.errorMessage", org.hamcrest.Matchers.containsString("00f067aa0ba90200"));
    }

    @Test
    void givenAMalformedProtobufBody_thenTheAnswerIs400_andNothingIsWritten() {
        long before = TopicReader.endOffsets("orbiter.captured-calls");

        given().header("X-API-Key", ACME).contentType("application/x-protobuf").body(new byte[] {0x0a, (byte) 0xff, 0x01})
                .when().post("/v1/traces").then().statusCode(400).contentType("application/x-protobuf");
        given().header("X-API-Key", ACME).contentType("text/plain").body("hello")
                .when().post("/v1/traces").then().statusCode(415);
        given().contentType("application/json").body(OtlpJsonBodies.request())
                .when().post("/v1/traces").then().statusCode(401);

        assertThat(TopicReader.endOffsets("orbiter.captured-calls")).isEqualTo(before);
    }

    private static io.restassured.response.ValidatableResponse postJson(String body) {
        return given().header("X-API-Key", ACME).contentType("application/json").body(body)
                .when().post("/v1/traces").then();
    }

    private static List<TrajectoryStep> steps(String task) {
        return Curations.steps(DATASET, task);
    }
}
