package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrajectoryStrategyTest {

    private final TrajectoryStrategy strategy = DefaultStrategy.INSTANCE;

    @Test
    void buildItemTakesFirstUserAndLastAssistantAndConcatenatesToolCalls() {
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "system", "content", "be nice"),
                Map.of("role", "user", "content", "first question"),
                Map.of("role", "assistant", "content", "thinking", "tool_calls", List.of(Map.of("id", "c1"))),
                Map.of("role", "tool", "content", "result", "tool_call_id", "c1"),
                Map.of("role", "user", "content", "second question"),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "c2"))));
        TrajectoryItem item = strategy.buildItem(messages, "t1", "a1", 3,
                Map.of("score", 0.5, "status", "error", "metadata", Map.of("k", "v"), "other", "ignored"));
        assertThat(item.input()).isEqualTo("first question");
        assertThat(item.output()).isEmpty();
        assertThat(item.toolCalls()).containsExactly(Map.of("id", "c1"), Map.of("id", "c2"));
        assertThat(item.messages()).hasSize(6);
        assertThat(item.taskId()).isEqualTo("t1");
        assertThat(item.agentId()).isEqualTo("a1");
        assertThat(item.step()).isEqualTo(3);
        assertThat(item.score()).isEqualTo(0.5);
        assertThat(item.status()).isEqualTo("error");
        assertThat(item.metadata()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void emptyMessagesGiveEmptyInputAndOutput() {
        TrajectoryItem item = strategy.buildItem(List.of(), "t", "a", 0, null);
        assertThat(item.input()).isEmpty();
        assertThat(item.output()).isEmpty();
        assertThat(item.status()).isEqualTo("success");
        assertThat(item.score()).isNull();
    }

    @Test
    void defaultHooksKeepEverythingUnchanged() {
        TrajectoryItem item = TrajectoryItem.of("s", "a", 1.0);
        assertThat(strategy.shouldCapture(item)).isTrue();
        assertThat(strategy.process(item)).isSameAs(item);
        assertThat(strategy.validate(List.of())).isFalse();
        assertThat(strategy.validate(List.of(item))).isTrue();
        assertThat(new DefaultStrategy().process(item)).isSameAs(item);
    }
}
