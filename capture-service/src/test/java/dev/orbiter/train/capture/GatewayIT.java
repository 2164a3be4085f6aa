package dev.orbiter.train.capture;

import static dev.orbiter.train.capture.CaptureServiceIT.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.curation.CurationRunner;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import dev.orbiter.train.testkit.PackagedService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with the official OpenAI Java SDK as the agent, in front of a stub upstream: the
 * agent gets the upstream's answers unchanged (plain, streamed, tool calls, errors, a timeout)
 * and every answered call is a step of its task, numbered in call order, in a dataset.
 */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
@WithTestResource(UpstreamStub.class)
class GatewayIT {

    private static final String DATASET = "orbiter.dataset.gw";
    private static CurationRunner curation;

    @TestHTTPResource("/v1")
    URL base;

    @BeforeAll
    static void startCuration() throws Exception {
        TopicReader.ensureTopics();
        curation = Curations.start("gw", Map.of("orbiter.datasets.gw.strategies", "tasks=gw-*",
                "orbiter.datasets.gw.min-score", "0", "orbiter.curation.calls.close-after", "1s",
                "orbiter.datasets.gw.dedup.key", "id"));
    }

    @AfterAll
    static void stopCuration() {
        if (curation != null) {
            curation.close();
        }
    }

    private OpenAIClient agent(String task, String agentId) {
        return agent(task, agentId, base.toString());
    }

    private static OpenAIClient agent(String task, String agentId, String baseUrl) {
        return OpenAIOkHttpClient.builder().apiKey(ACME).baseUrl(baseUrl).maxRetries(0)
                .putHeader("X-Orbiter-Task-Id", task).putHeader("X-Orbiter-Agent-Id", agentId).build();
    }

    @Test
    void givenTheOpenAiSdk_whenItCallsPlainStreamingAndWithTools_thenItGetsTheUpstreamsAnswers_andEachCallIsAStep() {
        String task = "gw-" + UUID.randomUUID();
        OpenAIClient client = agent(task, "sdk-agent");

        ChatCompletion plain = client.chat().completions().create(ChatCompletionCreateParams.builder().model("tiny")
                .addUserMessage("What is 2+2?").build());
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("tiny").addUserMessage("Count to four").build())) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        ChatCompletion tools = client.chat().completions().create(ChatCompletionCreateParams.builder().model("tiny")
                .addUserMessage("Use the calculator for 2+2").addFunctionTool(FunctionDefinition.builder().name("calc")
                        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .build()).build()).build());

        assertThat(plain.id()).isEqualTo("chatcmpl-stub");
        assertThat(plain.choices().get(0).message().content()).contains("4");
        assertThat(streamed.toString()).isEqualTo("2+2=4");
        ChatCompletionMessageFunctionToolCall call = tools.choices().get(0).message().toolCalls().orElseThrow().get(0)
                .asFunction();
        assertThat(call.function().name()).isEqualTo("calc");

        await().atMost(Duration.ofSeconds(60)).until(() -> steps(task).size() == 3);
        List<TrajectoryStep> steps = steps(task);
        assertThat(steps).extracting(TrajectoryStep::getStep).containsExactly(0, 1, 2);
        assertThat(steps).extracting(TrajectoryStep::getOutput).containsExactly("4", "2+2=4", "");
        assertThat(steps).extracting(TrajectoryStep::getAgentId).containsOnly("sdk-agent");
        assertThat(steps).extracting(TrajectoryStep::getSource).containsOnly("gateway");
        assertThat(steps.get(0).getTenant()).isEqualTo("acme");
        assertThat(steps.get(0).getMetadata()).containsEntry("gen_ai.response.model", "tiny-001")
                .containsEntry("gen_ai.usage.input_tokens", 9L).containsKey("logprobs").containsKey("prompt_token_ids")
                .containsKey("latency_ms");
        assertThat(steps.get(1).getMetadata()).containsEntry("gen_ai.usage.output_tokens", 3L)
                .containsEntry("gateway.stream", true);
        assertThat(steps.get(2).getToolCalls()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("calc");
            assertThat(c.getId()).isEqualTo("call_7");
        });
        assertThat(steps.get(2).getMetadata()).containsKey("tools");
    }

    @Test
    void givenAnAgentThatCanSetOnlyItsBaseUrl_whenItCallsThroughThePathPrefix_thenTaskAndAgentComeFromThePath() {
        String task = "gw-path-" + UUID.randomUUID();
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(ACME).maxRetries(0)
                .baseUrl(base + "/gateway/" + task + "/path-agent").build();

        assertThat(client.models().list().data()).extracting(m -> m.id()).containsExactly("tiny");
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("tiny").addUserMessage("hi").build());

        await().atMost(Duration.ofSeconds(60)).until(() -> steps(task).size() == 1);
        assertThat(steps(task).get(0).getAgentId()).isEqualTo("path-agent");
    }

    @Test
    void givenTwoGatewayReplicas_whenOneTasksCallsAlternateBetweenThem_thenTheStepsNumberInCallOrderWithoutRepeats()
            throws Exception {
        String task = "gw-replicas-" + UUID.randomUUID();
        String upstream = ConfigProvider.getConfig().getValue("orbiter.capture.gateway.upstream-url", String.class);
        try (PackagedService replica = SecondInstance.start(List.of("-Dorbiter.capture.gateway.upstream-url=" + upstream))) {
            List<OpenAIClient> replicas = List.of(agent(task, "a", base.toString()), agent(task, "a", replica.baseUrl() + "/v1"));
            for (int call = 0; call < 6; call++) {
                replicas.get(call % 2).chat().completions().create(ChatCompletionCreateParams.builder().model("tiny")
                        .addUserMessage("call " + call).build());
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> steps(task).size() == 6);
        assertThat(steps(task)).extracting(s -> s.getStep() + ":" + s.getInput())
                .containsExactly("0:call 0", "1:call 1", "2:call 2", "3:call 3", "4:call 4", "5:call 5");
    }

    @Test
    void givenAnUpstreamError_thenTheAgentGetsItsStatus_andAHangingUpstreamIsCutWith504() {
        OpenAIClient client = agent("gw-errors", "a");

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("limited")
                .addUserMessage("hi").build())).isInstanceOfSatisfying(OpenAIServiceException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(429));
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("hang")
                .addUserMessage("hi").build())).isInstanceOfSatisfying(OpenAIServiceException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(504));
    }

    private static List<TrajectoryStep> steps(String task) {
        return Curations.steps(DATASET, task);
    }
}
