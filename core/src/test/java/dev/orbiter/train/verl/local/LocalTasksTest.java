package dev.orbiter.train.verl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated benchmark tasks: one right answer among four distinct ones, held-out prompts never trained on. */
class LocalTasksTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalTasks.Kind.class)
    void givenAKind_whenGenerated_thenEveryPromptHasOneRightAnswerAmongFourDistinctOnes_andTestPromptsAreNew(
            LocalTasks.Kind kind) {
        ArithmeticTask.Split split = LocalTasks.generate(kind, 400, 100, 4, 3);

        Map<String, List<TrajectoryItem>> train = byPrompt(split.train());
        Map<String, List<TrajectoryItem>> test = byPrompt(split.test());
        assertThat(train).hasSize(400);
        assertThat(test).hasSize(100);
        assertThat(test.keySet()).doesNotContainAnyElementsOf(train.keySet());
        for (List<TrajectoryItem> group : List.of(train.values(), test.values()).stream().flatMap(c -> c.stream()).toList()) {
            assertThat(group).hasSize(4);
            assertThat(group.stream().map(TrajectoryItem::output).distinct()).hasSize(4);
            assertThat(group.stream().filter(i -> i.score() == 1.0)).hasSize(1)
                    .allSatisfy(i -> assertThat(i.output()).isEqualTo(i.metadata().get("ground_truth")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalTasks.Kind.class)
    void givenASeed_whenGeneratedTwice_thenTheItemsAreIdentical(LocalTasks.Kind kind) {
        assertThat(LocalTasks.generate(kind, 50, 10, 4, 9).train()).isEqualTo(LocalTasks.generate(kind, 50, 10, 4, 9).train());
    }

    private static Map<String, List<TrajectoryItem>> byPrompt(List<TrajectoryItem> items) {
        Set<String> tasks = items.stream().map(TrajectoryItem::taskId).collect(Collectors.toSet());
        assertThat(tasks).hasSize(items.size() / 4);
        return items.stream().collect(Collectors.groupingBy(TrajectoryItem::input));
    }
}
