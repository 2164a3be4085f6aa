package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationDriver.reward;
import static dev.orbiter.train.curation.CurationDriver.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.TrajectoryStep;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/** Group-aware curation rule by rule: whole groups, stragglers, zero variance, minimum size, late rewards. */
class GroupCurationTest {

    private static final String D = "orbiter.datasets.grpo.";

    private static Map<String, String> config(String... more) {
        Map<String, String> c = new HashMap<>(Map.of(D + "min-score", "0", D + "dedup.key", "id",
                D + "group.size", "4", D + "group.close-after", "30s", "orbiter.curation.wait-for-reward", "none"));
        for (int i = 0; i < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    private static TrajectoryStep candidate(String id, String prompt, double score) {
        return step(id, "task-" + id, prompt, "answer " + id, score).build();
    }

    private static long count(CurationDriver t, String counter) {
        return t.count(CurationNames.groupCounts("grpo"), counter);
    }

    @Test
    void givenAGroupOfFour_whenTheFourthCandidateArrives_thenAllFourAreReleasedAndNoneBefore() {
        try (CurationDriver t = new CurationDriver(config())) {
            TestOutputTopic<String, TrajectoryStep> out = t.dataset("grpo");
            t.send(candidate("a1", "2+2?", 1.0));
            t.send(candidate("b1", "3+3?", 0.0)); // another prompt: another group
            t.send(candidate("a2", "2+2?", 0.0));
            t.send(candidate("a3", "2+2?", 1.0));
            assertThat(out.readValuesToList()).as("three of four held").isEmpty();

            t.send(candidate("a4", "2+2?", 0.0));

            assertThat(out.readValuesToList()).extracting(TrajectoryStep::getId).containsExactlyInAnyOrder("a1", "a2", "a3", "a4");
            assertThat(count(t, Counts.GROUPS_RELEASED)).isEqualTo(1);
        }
    }

    @Test
    void givenZeroVarianceFiltering_whenAGroupsScoresAreAllEqual_thenItIsDroppedAndCounted() {
        try (CurationDriver t = new CurationDriver(config(D + "group.filter", "zero-variance"))) {
            for (int i = 1; i <= 4; i++) {
                t.send(candidate("s" + i, "same reward", 1.0));
            }
            for (int i = 1; i <= 4; i++) {
                t.send(candidate("m" + i, "mixed reward", i % 2));
            }

            assertThat(t.dataset("grpo").readValuesToList()).extracting(TrajectoryStep::getInput).containsOnly("mixed reward")
                    .hasSize(4);
            assertThat(count(t, Counts.GROUPS_DROPPED_VARIANCE)).isEqualTo(1);
            assertThat(count(t, Counts.GROUPS_RELEASED)).isEqualTo(1);
        }
    }

    @Test
    void givenAGroupThatNeverFills_whenCloseAfterPasses_thenItIsReleasedShortOrDroppedAsConfigured() {
        try (CurationDriver release = new CurationDriver(config());
             CurationDriver drop = new CurationDriver(config(D + "group.incomplete", "drop"))) {
            for (CurationDriver t : List.of(release, drop)) {
                t.send(candidate("x1", "slow prompt", 1.0));
                t.send(candidate("x2", "slow prompt", 0.0));
                t.advance(Duration.ofSeconds(20));
                assertThat(t.dataset("grpo").readValuesToList()).as("still waiting for stragglers").isEmpty();
                t.advance(Duration.ofSeconds(11));
            }

            assertThat(release.dataset("grpo").readValuesToList()).extracting(TrajectoryStep::getId).containsExactlyInAnyOrder("x1", "x2");
            assertThat(count(release, Counts.GROUPS_INCOMPLETE)).isEqualTo(1);
            assertThat(drop.dataset("grpo").readValuesToList()).isEmpty();
            assertThat(count(drop, Counts.GROUPS_DROPPED_INCOMPLETE)).isEqualTo(1);
        }
    }

    @Test
    void givenAMinimumSize_whenAGroupClosesBelowIt_thenItIsDroppedEvenWhenShortGroupsAreReleased() {
        try (CurationDriver t = new CurationDriver(config(D + "group.min-size", "2"))) {
            t.send(candidate("lone", "lonely prompt", 1.0));
            t.advance(Duration.ofSeconds(31));

            assertThat(t.dataset("grpo").readValuesToList()).isEmpty();
            assertThat(count(t, Counts.GROUPS_DROPPED_INCOMPLETE)).isEqualTo(1);
        }
    }

    @Test
    void givenAReleasedGroup_whenALateRewardOrAStragglerComes_thenTheyReachTheDataset_butNotForAnIncompleteDroppedGroup() {
        try (CurationDriver t = new CurationDriver(config(D + "group.incomplete", "drop", D + "score-mode", "replace"))) {
            TestOutputTopic<String, TrajectoryStep> out = t.dataset("grpo");
            for (int i = 1; i <= 4; i++) {
                t.send(candidate("r" + i, "released", i % 2));
            }
            t.send(candidate("d1", "dropped short", 0.5));
            t.advance(Duration.ofSeconds(31));
            assertThat(out.readValuesToList()).hasSize(4);

            t.send(reward("late-1", "r1", "task-r1", 0.25));
            t.send(candidate("r5", "released", 1.0));
            t.send(candidate("d2", "dropped short", 1.0));

            List<TrajectoryStep> after = out.readValuesToList();
            assertThat(after).extracting(TrajectoryStep::getId).containsExactlyInAnyOrder("r1", "r5");
            assertThat(after.stream().filter(s -> s.getId().equals("r1")).findFirst().orElseThrow().getScore()).isEqualTo(0.25);
            assertThat(count(t, Counts.GROUP_LATE_MEMBERS)).isEqualTo(1);
            assertThat(count(t, Counts.GROUP_DROPPED_MEMBERS)).isEqualTo(1);
        }
    }

    @Test
    void givenAGroupDroppedForEqualScores_whenALateRewardTellsItsAnswersApart_thenTheWholeGroupIsReleased() {
        try (CurationDriver t = new CurationDriver(config(D + "group.filter", "zero-variance", D + "score-mode", "replace"))) {
            for (int i = 1; i <= 4; i++) {
                t.send(candidate("e" + i, "graded late", 0.0));
            }
            assertThat(t.dataset("grpo").readValuesToList()).isEmpty();

            t.send(reward("grade-e3", "e3", "task-e3", 1.0));

            assertThat(t.dataset("grpo").readValuesToList()).extracting(TrajectoryStep::getId)
                    .containsExactlyInAnyOrder("e1", "e2", "e3", "e4");
            assertThat(count(t, Counts.GROUPS_RESCUED)).isEqualTo(1);
            assertThat(count(t, Counts.GROUPS_DROPPED_VARIANCE)).isZero();
            assertThat(count(t, Counts.GROUPS_RELEASED)).isEqualTo(1);
        }
    }

    @Test
    void givenTheSamePromptUnderTwoGroupIds_thenTheyAreTwoGroups() {
        try (CurationDriver t = new CurationDriver(config(D + "group.size", "2"))) {
            t.send(step("g1", "t", "shared prompt", "a", 1.0).setGroupId("run-1").build());
            t.send(step("g2", "t", "shared prompt", "b", 0.0).setGroupId("run-2").build());
            assertThat(t.dataset("grpo").readValuesToList()).isEmpty();

            t.send(step("g3", "t", "shared prompt", "c", 0.0).setGroupId("run-1").build());

            assertThat(t.dataset("grpo").readValuesToList()).extracting(TrajectoryStep::getId).containsExactlyInAnyOrder("g1", "g3");
        }
    }

    @Test
    void groupSettingsAreValidatedAtStart() {
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "group.size", "1")))
                .hasMessageContaining("group.size must be >= 2");
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "group.min-size", "5")))
                .hasMessageContaining("group.min-size must be in [1, group.size=4]");
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "group.filter", "zero")))
                .hasMessageContaining("[none, zero-variance]");
        Map<String, String> orphan = new HashMap<>(Map.of(D + "min-score", "0", D + "group.filter", "zero-variance"));
        assertThatThrownBy(() -> CurationSettings.fromConfig(orphan)).hasMessageContaining("needs " + D + "group.size");
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "group.szie", "4")))
                .hasMessageContaining("group.szie");
    }
}
