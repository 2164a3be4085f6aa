package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.CallTask;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.CapturedCallKind;
import dev.orbiter.train.avro.ChatMessage;
import dev.orbiter.train.avro.ToolCall;
import dev.orbiter.train.avro.TrajectoryStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallAssemblyTest {

    static CapturedCall call(String id, String agent, long startMicros, ToolCall... tools) {
        TrajectoryStep step = TrajectoryStep.newBuilder().setId(id).setTaskId("t").setAgentId(agent).setStep(0)
                .setTimestamp(Instant.EPOCH).setInput("in-" + id).setOutput("out-" + id)
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("q").setToolCalls(List.of())
                        .setExtra(Map.of()).build()))
                .setContext(Map.of()).setToolCalls(List.of(tools)).setStatus("").setMetadata(Map.of()).setSource("otlp")
                .build();
        return CapturedCall.newBuilder().setId(id).setKind(CapturedCallKind.MODEL_CALL).setTaskId("t").setAgentId(agent)
                .setStartTime(Instant.EPOCH.plusNanos(startMicros * 1000)).setStep(step).build();
    }

    static CapturedCall result(String id, long startMicros, String callId, String name, String value) {
        return CapturedCall.newBuilder().setId(id).setKind(CapturedCallKind.TOOL_RESULT).setTaskId("t")
                .setStartTime(Instant.EPOCH.plusNanos(startMicros * 1000)).setToolCallId(callId).setToolName(name)
                .setToolResult(value).build();
    }

    static ToolCall tool(String id, String name) {
        return ToolCall.newBuilder().setId(id).setType("function").setName(name).setArguments("{}").setExtra(Map.of())
                .build();
    }

    static CallTask feed(CallTask task, CapturedCall... calls) {
        for (CapturedCall c : calls) {
            if (CallAssembly.isNew(task, c)) {
                task = CallAssembly.add(task, c);
            }
        }
        return task;
    }

    @Test
    void givenCallsOutOfOrder_whenTheTaskCloses_thenStepsAreNumberedByStartTimePerAgent() {
        CallTask task = feed(CallAssembly.empty(), call("c", "a", 30), call("a", "a", 10), call("x", "b", 20),
                call("b", "a", 20));

        CallAssembly.Closed closed = CallAssembly.close(task);

        assertThat(closed.steps()).extracting(s -> s.getId() + ":" + s.getStep())
                .containsExactly("a:0", "b:1", "x:0", "c:2"); // b and x start together: by id
        assertThat(closed.state().getPending()).isEmpty();
    }

    @Test
    void givenAResentCall_whenFedBeforeOrAfterClosing_thenItIsNeverASecondStep() {
        CallTask task = feed(CallAssembly.empty(), call("a", "a", 10), call("a", "a", 10));
        CallAssembly.Closed first = CallAssembly.close(task);
        CallTask after = feed(first.state(), call("a", "a", 10), call("b", "a", 20));

        CallAssembly.Closed second = CallAssembly.close(after);

        assertThat(first.steps()).hasSize(1);
        assertThat(second.steps()).extracting(s -> s.getId() + ":" + s.getStep()).containsExactly("b:1");
    }

    @Test
    void givenToolResults_whenClosing_thenEachIsAToolMessageOfTheCallThatAskedForIt() {
        CallTask task = feed(CallAssembly.empty(),
                result("r2", 25, null, "search", "found"),
                call("first", "a", 10, tool("call-1", "calc")),
                call("second", "a", 20, tool("call-2", "search")),
                result("r1", 15, "call-1", "calc", "4"),
                call("third", "a", 30));

        CallAssembly.Closed closed = CallAssembly.close(task);

        assertThat(closed.steps().get(0).getMessages()).extracting(ChatMessage::getRole, ChatMessage::getContent,
                ChatMessage::getToolCallId).endsWith(org.assertj.core.groups.Tuple.tuple("tool", "4", "call-1"));
        assertThat(closed.steps().get(1).getMessages()).extracting(ChatMessage::getContent).endsWith("found");
        assertThat(closed.steps().get(2).getMessages()).extracting(ChatMessage::getRole).containsExactly("user");
        assertThat(closed.lateToolResults()).isZero();
    }

    @Test
    void givenAToolResultWhoseCallerWasWrittenBefore_whenClosing_thenItIsCountedLate() {
        CallAssembly.Closed first = CallAssembly.close(feed(CallAssembly.empty(), call("a", "a", 10, tool("k", "calc"))));

        CallAssembly.Closed second = CallAssembly.close(feed(first.state(), result("r", 15, "k", "calc", "4")));

        assertThat(second.steps()).isEmpty();
        assertThat(second.lateToolResults()).isEqualTo(1);
        assertThat(CallAssembly.isNew(second.state(), result("r", 15, "k", "calc", "4"))).isFalse();
    }

    @Test
    void givenCallsWithLongTexts_thenTheTaskIsFullBeforeItsStateNearsAKafkaMessage() {
        CallTask task = CallAssembly.empty();
        String text = "x".repeat(4_000);
        int added = 0;
        while (!CallAssembly.full(task)) {
            CapturedCall c = call("long" + added, "a", added);
            c.getStep().put("input", text);
            task = CallAssembly.add(task, c);
            added++;
        }
        assertThat(added).isLessThan(CallAssembly.MAX_PENDING).isGreaterThan(100);
        assertThat(added * 4_000L).isLessThan(1_048_576L);
    }

    @Test
    void givenABurstOfCalls_thenTheTaskIsFullAtTheLimit_andTheIdsItRemembersStayBounded() {
        CallTask task = CallAssembly.empty();
        for (int i = 0; i < CallAssembly.MAX_PENDING - 1; i++) {
            task = CallAssembly.add(task, call("c" + i, "a", i));
        }
        assertThat(CallAssembly.full(task)).isFalse();
        task = CallAssembly.add(task, call("last", "a", 1_000_000));
        assertThat(CallAssembly.full(task)).isTrue();

        CallTask state = task;
        for (int round = 0; round * CallAssembly.MAX_PENDING <= CallAssembly.MAX_EMITTED; round++) {
            state = CallAssembly.close(state).state();
            for (int i = 0; i < CallAssembly.MAX_PENDING; i++) {
                state = CallAssembly.add(state, call("r" + round + "-" + i, "a", 2_000_000 + round * 1_000 + i));
            }
        }
        CallAssembly.Closed last = CallAssembly.close(state);

        assertThat(last.state().getEmitted()).hasSize(CallAssembly.MAX_EMITTED);
        assertThat(last.state().getNextStep().get("a")).isGreaterThan(CallAssembly.MAX_EMITTED); // counters go on
    }
}
