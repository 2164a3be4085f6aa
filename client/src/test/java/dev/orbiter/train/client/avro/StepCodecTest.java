package dev.orbiter.train.client.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.NestedJson;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Items to wire steps and back, without losing anything JSON can say. */
public class StepCodecTest {

    public static TrajectoryItem richItem() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("group_id", "g-7");
        metadata.put("n", 3);
        metadata.put("big", 12_345_678_901L);
        metadata.put("ratio", 0.25);
        metadata.put("ok", true);
        metadata.put("nothing", null);
        metadata.put("nested", Map.of("a", List.of(1, 2), "b", Map.of("c", "d")));
        Map<String, Object> openAiCall = Map.of("id", "call_1", "type", "function",
                "function", Map.of("name", "search", "arguments", "{\"q\":\"kafka\"}"));
        Map<String, Object> flatCall = Map.of("name", "calc", "arguments", Map.of("x", 2));
        return TrajectoryItem.builder().id("step-1").taskId("task-1").agentId("agent-1").step(4)
                .timestamp(Instant.parse("2026-11-22T10:00:00.123Z")).input("What is 2+2?")
                .messages(List.of(Map.of("role", "user", "content", "What is 2+2?"),
                        Map.of("role", "assistant", "tool_calls", List.of(openAiCall), "refusal", "none"),
                        Map.of("role", "tool", "tool_call_id", "call_1", "name", "search", "content", "4")))
                .context(Map.of("env", "prod", "depth", 2)).output("4").toolCalls(List.of(openAiCall, flatCall))
                .score(0.9).status("success").metadata(metadata).build();
    }

    @Test
    void givenARichItem_whenEncodedAndDecoded_thenItIsEqual() {
        TrajectoryItem item = richItem();

        TrajectoryStep step = StepCodec.toStep(item, "sdk", "acme");
        TrajectoryItem back = StepCodec.toItem(step);

        assertThat(back).isEqualTo(item);
        assertThat(back.toMap()).isEqualTo(item.toMap());
    }

    @Test
    void givenAnItem_whenEncoded_thenTheWireStepCarriesGroupSourceTenantAndTypedValues() {
        TrajectoryStep step = StepCodec.toStep(richItem(), "http", "acme");

        assertThat(step.getGroupId()).isEqualTo("g-7");
        assertThat(step.getSource()).isEqualTo("http");
        assertThat(step.getTenant()).isEqualTo("acme");
        assertThat(step.getMetadata()).containsEntry("n", 3L).containsEntry("ok", true).containsEntry("nothing", null);
        assertThat(step.getMetadata().get("nested")).isInstanceOf(NestedJson.class);
        assertThat(step.getToolCalls().get(0).getName()).isEqualTo("search");
        assertThat(step.getToolCalls().get(0).getArguments()).isEqualTo("{\"q\":\"kafka\"}");
        assertThat(step.getToolCalls().get(1).getArguments()).isEqualTo("{\"x\":2}");
        assertThat(step.getMessages().get(2).getToolCallId()).isEqualTo("call_1");
        assertThat(step.getTimestamp().toEpochMilli()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z").toEpochMilli());
    }
}
