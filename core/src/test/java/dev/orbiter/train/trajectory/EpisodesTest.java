package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Episodes from steps: order, conversation, tool calls, rewards by rule. */
class EpisodesTest {

    private static TrajectoryItem step(int n, List<Map<String, Object>> messages, String output, Double score) {
        return TrajectoryItem.builder().id("s" + n).taskId("t").agentId("a").step(n)
                .timestamp(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(n)).input("turn " + n).messages(messages)
                .output(output).score(score).status(n == 2 ? "done" : "success").build();
    }

    private static Map<String, Object> m(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    @Test
    void givenChatStepsThatRepeatTheHistory_thenTheEpisodeIsTheLastConversationWithItsAnswer() {
        TrajectoryItem s0 = step(0, List.of(m("user", "weather in Paris?")), "calling the tool", 0.0);
        TrajectoryItem s1 = step(1, List.of(m("user", "weather in Paris?"), m("assistant", "calling the tool"),
                m("tool", "18C")), "", null);
        TrajectoryItem s2 = step(2, List.of(m("user", "weather in Paris?"), m("assistant", "calling the tool"),
                m("tool", "18C")), "It is 18C.", 1.0);

        TrajectoryItem e = Episodes.assemble(List.of(s2, s0, s1), Episodes.Reward.LAST);

        assertThat(e.messages()).extracting(x -> x.get("role") + ":" + x.get("content")).containsExactly(
                "user:weather in Paris?", "assistant:calling the tool", "tool:18C", "assistant:It is 18C.");
        assertThat(e.id()).isEqualTo(Episodes.id("t", "a"));
        assertThat(e.input()).isEqualTo("turn 0");
        assertThat(e.output()).isEqualTo("It is 18C.");
        assertThat(e.status()).isEqualTo("done");
        assertThat(e.score()).isEqualTo(1.0);
        assertThat(((Number) e.metadata().get(Episodes.STEPS)).intValue()).isEqualTo(3);
        assertThat(e.metadata()).containsEntry(Episodes.STEP_IDS, List.of("s0", "s1", "s2"));
        assertThat(e.metadata().get(Episodes.STEP_REWARDS)).isEqualTo(java.util.Arrays.asList(0.0, null, 1.0));
    }

    @Test
    void givenStepsWithoutMessages_thenEachAddsAUserAndAnAssistantTurn() {
        TrajectoryItem e = Episodes.assemble(List.of(step(0, List.of(), "a0", 0.5), step(1, List.of(), "a1", 0.25)),
                Episodes.Reward.SUM);

        assertThat(e.messages()).extracting(x -> x.get("role") + ":" + x.get("content"))
                .containsExactly("user:turn 0", "assistant:a0", "user:turn 1", "assistant:a1");
        assertThat(e.score()).isEqualTo(0.75);
    }

    @Test
    void rewardRulesLeaveUnscoredStepsOut() {
        List<TrajectoryItem> steps = List.of(step(0, List.of(), "x", 1.0), step(1, List.of(), "y", null),
                step(3, List.of(), "z", 0.0));

        assertThat(Episodes.assemble(steps, Episodes.Reward.LAST).score()).isEqualTo(0.0);
        assertThat(Episodes.assemble(steps, Episodes.Reward.MEAN).score()).isEqualTo(0.5);
        assertThat(Episodes.assemble(List.of(step(0, List.of(), "x", null)), Episodes.Reward.SUM).score()).isNull();
        assertThatThrownBy(() -> Episodes.Reward.parse("max")).hasMessageContaining("[last, sum, mean]");
    }
}
