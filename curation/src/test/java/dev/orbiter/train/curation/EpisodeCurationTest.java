package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationDriver.reward;
import static dev.orbiter.train.curation.CurationDriver.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.ChatMessage;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.trajectory.Episodes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/** Episode datasets rule by rule: the end of a task, silence, late rewards, agents, the step bound. */
class EpisodeCurationTest {

    private static final String D = "orbiter.datasets.episodes.";

    private static Map<String, String> config(String... more) {
        Map<String, String> c = new HashMap<>(Map.of(D + "unit", "episode", D + "episode.close-after", "2m",
                D + "episode.reward", "mean", "orbiter.curation.wait-for-reward", "none"));
        for (int i = 0; i < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    private static TrajectoryStep turn(String task, String agent, int n, Double score, String status) {
        return step(task + "-" + agent + "-" + n, task, "observation " + n, "action " + n, score).setAgentId(agent)
                .setStep(n).setStatus(status).build();
    }

    @Test
    void givenATasksTurns_whenAStepEndsTheTask_thenOneEpisodeWithTheWholeConversationIsWritten() {
        try (CurationDriver t = new CurationDriver(config())) {
            TestOutputTopic<String, TrajectoryStep> out = t.dataset("episodes");
            t.send(turn("t1", "solver", 0, 0.0, "success"));
            t.send(turn("t1", "solver", 1, 1.0, "success"));
            assertThat(out.readValuesToList()).as("the task goes on").isEmpty();

            t.send(turn("t1", "solver", 2, 0.5, "done"));

            List<TrajectoryStep> episodes = out.readValuesToList();
            assertThat(episodes).hasSize(1);
            TrajectoryStep e = episodes.get(0);
            assertThat(e.getId()).isEqualTo(Episodes.id("t1", "solver"));
            assertThat(e.getScore()).isEqualTo(0.5);
            assertThat(e.getMessages()).extracting(ChatMessage::getContent).containsExactly("observation 0", "action 0",
                    "observation 1", "action 1", "observation 2", "action 2");
            assertThat(e.getMetadata().get(Episodes.STEP_IDS).toString()).contains("t1-solver-0", "t1-solver-2");
            assertThat(t.count(CurationNames.episodeCounts("episodes"), Counts.EPISODES)).isEqualTo(1);
        }
    }

    @Test
    void givenATaskThatGoesQuiet_whenCloseAfterPasses_thenItsEpisodeIsWritten() {
        try (CurationDriver t = new CurationDriver(config())) {
            t.send(turn("t2", "solver", 0, 1.0, "success"));
            t.advance(Duration.ofSeconds(90));
            t.send(turn("t2", "solver", 1, 0.0, "success")); // the silence starts again
            t.advance(Duration.ofSeconds(90));
            assertThat(t.dataset("episodes").readValuesToList()).isEmpty();

            t.advance(Duration.ofSeconds(31));

            assertThat(t.dataset("episodes").readValuesToList()).extracting(TrajectoryStep::getStep).containsExactly(1);
        }
    }

    @Test
    void givenAWrittenEpisode_whenALateRewardComes_thenTheEpisodeIsRewrittenWithTheNewScore() {
        try (CurationDriver t = new CurationDriver(config("orbiter.curation.wait-for-reward", "unscored",
                "orbiter.curation.reward-grace", "1s"))) {
            TestOutputTopic<String, TrajectoryStep> out = t.dataset("episodes");
            t.send(turn("t3", "solver", 0, 1.0, "success"));
            t.send(turn("t3", "solver", 1, null, "done"));
            t.advance(Duration.ofSeconds(2)); // the unscored step's wait ends: it goes on with the fallback 0.0
            assertThat(out.readValuesToList()).extracting(TrajectoryStep::getScore).containsExactly(0.5);

            t.send(reward("r1", "t3-solver-1", "t3", 1.0));

            assertThat(out.readValuesToList()).extracting(TrajectoryStep::getScore).containsExactly(1.0);
            assertThat(t.count(CurationNames.episodeCounts("episodes"), Counts.EPISODE_UPDATES)).isEqualTo(1);
        }
    }

    @Test
    void givenTwoAgentsInOneTask_thenEachHasItsEpisode_andTheStepBoundEndsALongOne() {
        try (CurationDriver t = new CurationDriver(config(D + "episode.max-steps", "3"))) {
            t.send(turn("t4", "planner", 0, 1.0, "success"));
            for (int i = 0; i < 3; i++) {
                t.send(turn("t4", "coder", i, 0.0, "success"));
            }
            t.send(turn("t4", "planner", 1, 1.0, "terminal"));

            assertThat(t.dataset("episodes").readValuesToList()).extracting(TrajectoryStep::getAgentId)
                    .containsExactly("coder", "planner");
        }
    }

    @Test
    void episodeSettingsAreValidatedAtStart() {
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "unit", "turn"))).hasMessageContaining("[step, episode]");
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "episode.reward", "max")))
                .hasMessageContaining("[last, sum, mean]");
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "group.size", "4")))
                .hasMessageContaining("cannot be combined");
        assertThatThrownBy(() -> CurationSettings.fromConfig(Map.of(D + "episode.reward", "sum")))
                .hasMessageContaining("needs " + D + "unit=episode");
        assertThat(CurationSettings.fromConfig(config()).dataset("episodes").dedupFields()).containsExactly("id");
    }
}
