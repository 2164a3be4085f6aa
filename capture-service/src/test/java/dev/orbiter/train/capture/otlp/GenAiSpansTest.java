package dev.orbiter.train.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.ChatMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenAiSpansTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final GenAiSpans spans = new GenAiSpans(new ObjectMapper());

    static OtlpSpan span(String id, String parent, Map<String, Object> attributes, List<OtlpSpan.Event> events) {
        return new OtlpSpan(TRACE, id, parent, "span-" + id, 1_000, 2_000, attributes, events, Map.of("service.name", "svc"));
    }

    private CapturedCall only(OtlpSpan s) {
        GenAiSpans.Mapped m = spans.map(List.of(s), "t1");
        assertThat(m.rejected()).isEmpty();
        assertThat(m.calls()).hasSize(1);
        return m.calls().get(0);
    }

    @Test
    void givenTheIndexedPromptAndCompletionAttributes_thenTheyAreTheStepsMessagesWithToolCalls() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.system", "openai");
        a.put("gen_ai.prompt.0.role", "system");
        a.put("gen_ai.prompt.0.content", "be brief");
        a.put("gen_ai.prompt.1.role", "user");
        a.put("gen_ai.prompt.1.content", "weather in Oslo?");
        a.put("gen_ai.completion.0.role", "assistant");
        a.put("gen_ai.completion.0.tool_calls.0.id", "c1");
        a.put("gen_ai.completion.0.tool_calls.0.name", "weather");
        a.put("gen_ai.completion.0.tool_calls.0.arguments", "{\"city\":\"Oslo\"}");

        CapturedCall c = only(span("00f067aa0ba902b7", "", a, List.of()));

        assertThat(c.getStep().getMessages()).extracting(ChatMessage::getRole).containsExactly("system", "user", "assistant");
        assertThat(c.getStep().getInput()).isEqualTo("weather in Oslo?");
        assertThat(c.getStep().getToolCalls()).singleElement().satisfies(t -> {
            assertThat(t.getName()).isEqualTo("weather");
            assertThat(t.getArguments()).isEqualTo("{\"city\":\"Oslo\"}");
        });
        assertThat(c.getStep().getMetadata()).containsEntry("gen_ai.system", "openai")
                .doesNotContainKey("gen_ai.prompt.1.content");
        assertThat(c.getTaskId()).isEqualTo(TRACE);
        assertThat(c.getAgentId()).isEqualTo("svc");
    }

    @Test
    void givenTheContentEventsForm_thenPromptJsonAndCompletionTextAreRead() {
        List<OtlpSpan.Event> events = List.of(
                new OtlpSpan.Event("gen_ai.content.prompt", 1_500, Map.of("gen_ai.prompt",
                        "[{\"role\":\"user\",\"content\":\"2+2?\"}]")),
                new OtlpSpan.Event("gen_ai.content.completion", 1_900, Map.of("gen_ai.completion", "4")));

        CapturedCall c = only(span("00f067aa0ba902b8", "", Map.of("gen_ai.request.model", "m"), events));

        assertThat(c.getStep().getInput()).isEqualTo("2+2?");
        assertThat(c.getStep().getOutput()).isEqualTo("4");
    }

    @Test
    void givenAChatSpanUnderAnAgentSpanInTheSameRequest_thenTaskAndAgentComeFromTheAncestor() {
        OtlpSpan agent = span("00000000000000a1", "", Map.of("gen_ai.operation.name", "invoke_agent",
                "gen_ai.agent.name", "planner", "gen_ai.conversation.id", "conv-9"), List.of());
        OtlpSpan chat = span("00000000000000a2", "00000000000000a1", Map.of("gen_ai.operation.name", "chat",
                "gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]"),
                List.of(new OtlpSpan.Event(GenAiSpans.EVALUATION, 3_000, Map.of("gen_ai.evaluation.score.value", 0.25))));
        OtlpSpan http = span("00000000000000a3", "00000000000000a2", Map.of("http.method", "POST"), List.of());

        GenAiSpans.Mapped m = spans.map(List.of(http, chat, agent), "t1");

        assertThat(m.calls()).singleElement().satisfies(c -> {
            assertThat(c.getTaskId()).isEqualTo("conv-9");
            assertThat(c.getAgentId()).isEqualTo("planner");
            assertThat(c.getId()).isEqualTo("otel-" + TRACE + "-00000000000000a2");
        });
        assertThat(m.rewards()).singleElement().satisfies(r -> {
            assertThat(r.getStepId()).isEqualTo("otel-" + TRACE + "-00000000000000a2");
            assertThat(r.getTaskId()).isEqualTo("conv-9");
            assertThat(r.getValue()).isEqualTo(0.25);
        });
        assertThat(m.ignored()).isEqualTo(1);
    }

    @Test
    void givenBadIdsOrAnEvaluationWithoutScore_thenThoseSpansAreRejectedWithTheReason() {
        OtlpSpan zeroTrace = new OtlpSpan("0".repeat(32), "00000000000000b1", "", "chat", 1, 2,
                Map.of("gen_ai.operation.name", "chat"), List.of(), Map.of());
        OtlpSpan noScore = span("00000000000000b2", "", Map.of("gen_ai.operation.name", "chat"),
                List.of(new OtlpSpan.Event(GenAiSpans.EVALUATION, 3, Map.of("gen_ai.evaluation.score.label", "good"))));

        GenAiSpans.Mapped m = spans.map(List.of(zeroTrace, noScore), "t1");

        assertThat(m.rejected()).hasSize(2);
        assertThat(m.rejected().get(0)).contains("trace id");
        assertThat(m.rejected().get(1)).contains("gen_ai.evaluation.score.value");
    }
}
