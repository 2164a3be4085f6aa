package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerFormatsTest {

    static TrajectoryItem answer(String id, String prompt, String output, Double score) {
        return TrajectoryItem.builder().id(id).taskId("t").input(prompt).output(output).score(score).build();
    }

    static TrajectoryItem toolUse() {
        return TrajectoryItem.builder().id("tool").taskId("t").input("17*23?").output("")
                .messages(List.of(Map.of("role", "system", "content", "use tools"), Map.of("role", "user", "content", "17*23?"),
                        Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "c1", "name", "calc",
                                "arguments", Map.of("expression", "17*23")))),
                        Map.of("role", "tool", "tool_call_id", "c1", "content", "391")))
                .metadata(Map.of("tools", List.of(Map.of("type", "function", "function", Map.of("name", "calc")))))
                .build();
    }

    @Test
    void givenAToolUsingStep_whenOpenAiChat_thenToolCallsAreOpenAisShape_andTheUnansweredToolResultIsLeftOut() {
        Map<String, Object> row = TrainerFormats.rows(TrainerFormats.Format.OPENAI_CHAT, List.of(toolUse())).get(0);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) row.get("messages");
        assertThat(messages).extracting(m -> m.get("role")).containsExactly("system", "user", "assistant");
        assertThat(messages.get(2).get("tool_calls")).isEqualTo(List.of(Map.of("id", "c1", "type", "function",
                "function", Map.of("name", "calc", "arguments", "{\"expression\":\"17*23\"}"))));
        assertThat(messages.get(2)).containsEntry("content", null);
        assertThat(row.get("tools")).isEqualTo(toolUse().metadata().get("tools"));
    }

    @Test
    void givenAPlainItem_whenTrlSft_thenPromptAndCompletionAreMessageLists() {
        Map<String, Object> row = TrainerFormats.rows(TrainerFormats.Format.TRL_SFT, List.of(answer("a", "2+2?", "4", 1.0)))
                .get(0);

        assertThat(row).containsOnlyKeys("prompt", "completion");
        assertThat(row.get("prompt")).isEqualTo(List.of(Map.of("role", "user", "content", "2+2?")));
        assertThat(row.get("completion")).isEqualTo(List.of(Map.of("role", "assistant", "content", "4")));
    }

    @Test
    void givenPromptGroups_whenTrlDpo_thenBestIsChosenWorstRejected_andTiesAndSinglesAreSkipped() {
        List<TrajectoryItem> items = List.of(answer("a1", "2+2?", "5", 0.2), answer("a2", "2+2?", "4", 0.9),
                answer("a3", "2+2?", "22", 0.0), answer("b1", "3+3?", "6", 1.0), answer("b2", "3+3?", "six", 1.0),
                answer("c1", "4+4?", "8", 1.0));

        List<Map<String, Object>> rows = TrainerFormats.rows(TrainerFormats.Format.TRL_DPO, items);

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("chosen")).isEqualTo(List.of(Map.of("role", "assistant", "content", "4")));
            assertThat(r.get("rejected")).isEqualTo(List.of(Map.of("role", "assistant", "content", "22")));
            assertThat(r.get("prompt")).isEqualTo(List.of(Map.of("role", "user", "content", "2+2?")));
        });
    }

    @Test
    void givenPromptGroups_whenTrlGrpo_thenOnePromptOnlyRowPerGroupWithItsRewardColumns() {
        List<Map<String, Object>> rows = TrainerFormats.rows(TrainerFormats.Format.TRL_GRPO, List.of(
                answer("a1", "2+2?", "5", 0.2), answer("a2", "2+2?", "4", 0.9), answer("b1", "3+3?", "6", null)));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("ground_truth", "4").containsEntry("best_score", 0.9)
                .containsEntry("group_size", 2).doesNotContainKey("completion");
        assertThat(rows.get(1)).containsEntry("best_score", null).containsEntry("group_size", 1);
    }

    @Test
    void givenAFormatName_whenParsed_thenTheCliNamesRoundTrip_andAnUnknownOneNamesTheChoices(@TempDir Path dir)
            throws Exception {
        for (TrainerFormats.Format f : TrainerFormats.Format.values()) {
            assertThat(TrainerFormats.Format.of(f.cliName())).isEqualTo(f);
        }
        assertThatThrownBy(() -> TrainerFormats.Format.of("trl")).hasMessageContaining("trl-dpo");

        Path out = dir.resolve("sft.jsonl");
        long[] seen = {0};
        long n = TrainerFormats.writeJsonl(out, TrainerFormats.Format.TRL_SFT, List.of(answer("a", "q", "r", 1.0),
                answer("b", "q2", "r2", 1.0)), c -> seen[0] = c);
        assertThat(n).isEqualTo(2);
        assertThat(seen[0]).isEqualTo(2);
        assertThat(Files.readAllLines(out)).hasSize(2).allSatisfy(l -> assertThat(Json.parseObject(l)).containsKey("prompt"));
    }
}
