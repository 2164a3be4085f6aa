package dev.orbiter.train.verl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.Episodes.Episode;
import dev.orbiter.train.verl.local.Episodes.Group;
import dev.orbiter.train.verl.local.RlStep.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How items become groups and episodes, and how returns and advantages are computed. */
class EpisodesAndAdvantagesTest {

    static final LocalPolicy POLICY = new LocalPolicy(1 << 12);

    static TrajectoryItem item(String task, int step, String input, String output, double score, String group) {
        TrajectoryItem.Builder b = TrajectoryItem.builder().taskId(task).step(step).input(input).output(output)
                .score(score);
        return (group == null ? b : b.metadata(Map.of("group_id", group))).build();
    }

    @Test
    void givenItems_whenGrouped_thenGroupIdWinsOverInput_andRepeatedResponsesAreMergedWithTheMeanReward() {
        List<Group> groups = Episodes.groups(List.of(
                item("t1", 0, "What is 1 + 1?", "2", 1, null),
                item("t1", 0, "What is 1 + 1?", "3", 0, null),
                item("t1", 0, "What is 1 + 1?", "2", 0.5, null),
                item("t2", 0, "phrased one way", "a", 1, "g"),
                item("t2", 0, "phrased another way", "b", 0, "g")), null, POLICY);

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).responses()).containsExactly("2", "3");
        assertThat(groups.get(0).rewards()).containsExactly(0.75, 0.0);
        assertThat(groups.get(1).responses()).containsExactly("a", "b");
        assertThat(groups.get(1).bestReward()).isEqualTo(1.0);
    }

    @Test
    void givenATasksSteps_whenEpisodesAreBuilt_thenTheyAreOrderedByStep_andMixedTaskGroupsStandAlone() {
        List<Group> groups = Episodes.groups(List.of(
                item("task", 2, "third", "x", 1, null),
                item("task", 0, "first", "x", 1, null),
                item("task", 1, "second", "x", 1, null),
                item("a", 0, "shared prompt", "x", 1, null),
                item("b", 0, "shared prompt", "y", 0, null)), null, POLICY);
        List<Episode> episodes = Episodes.episodes(groups);

        assertThat(episodes).hasSize(2);
        assertThat(episodes.get(0).steps()).extracting(Group::prompt).containsExactly("first", "second", "third");
        assertThat(episodes.get(1).steps()).extracting(Group::prompt).containsExactly("shared prompt");
    }

    @Test
    void givenGrpoRollouts_whenAdvantagesAreComputed_thenReturnsAreDiscounted_andNormalisedPerStep() {
        Group g = Episodes.groups(List.of(item("t", 0, "p", "x", 1, null)), null, POLICY).get(0);
        Sample[] good = {sample(g, 1), sample(g, 1)};
        Sample[] bad = {sample(g, 0), sample(g, 0)};
        RlAdvantages.grpo(List.of(List.of(good, bad)), 0.5);

        assertThat(good[0].ret).isEqualTo(1.5); // 1 + 0.5 * 1
        assertThat(good[1].ret).isEqualTo(1.0);
        assertThat(bad[0].ret).isZero();
        // mean 0.75, sample std 1.0607 at step 0: (1.5 - 0.75) / 1.0607
        assertThat(good[0].advantage).isCloseTo(0.7071, within(1e-3));
        assertThat(bad[0].advantage).isCloseTo(-0.7071, within(1e-3));
    }

    @Test
    void givenPpoRolloutsAndAZeroCritic_whenGaeIsComputed_thenReturnsAreDiscountedRewards_andAdvantagesWhitened() {
        Group g = Episodes.groups(List.of(item("t", 0, "p", "x", 1, null)), null, POLICY).get(0);
        LocalPolicy zeroCritic = new LocalPolicy(1 << 12);
        Sample[] rollout = {sample(g, 1), sample(g, 0), sample(g, 2)};
        RlAdvantages.gae(List.of(List.<Sample[]>of(rollout)), 0.9, 1.0, 0.0, zeroCritic);

        assertThat(rollout[2].ret).isEqualTo(2.0);
        assertThat(rollout[1].ret).isCloseTo(1.8, within(1e-12));
        assertThat(rollout[0].ret).isCloseTo(1 + 0.9 * 1.8, within(1e-12));
        double mean = (rollout[0].advantage + rollout[1].advantage + rollout[2].advantage) / 3;
        assertThat(mean).isCloseTo(0.0, within(1e-9));
    }

    private static Sample sample(Group g, double score) {
        return new Sample(g, 0, Math.log(0.5), Math.log(0.5), score);
    }
}
