package dev.orbiter.train.trainerservice.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.evolution.EpochResult;
import dev.orbiter.train.evolution.EvolutionPhase;
import dev.orbiter.train.trainer.TrainMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only what was measured is published: no 0.0 for a phase that did not run, no copies, and a NaN is a flag. */
class MeasuredMetricsTest {

    @Test
    void givenAnEpochWithoutTrainingOrSynthesis_thenItsMetricsHaveNoLossCountOrCopiedScores() {
        Map<String, Double> m = EvolutionJob.epochMetrics(new EpochResult(1, 0, 0.0, 0.75),
                List.of(EvolutionPhase.EVALUATION));

        assertThat(m).containsOnlyKeys("eval_accuracy").containsEntry("eval_accuracy", 0.75);
    }

    @Test
    void givenAnEpochOfEveryPhase_thenEachFigureIsThere() {
        Map<String, Double> m = EvolutionJob.epochMetrics(new EpochResult(1, 12, 0.4, 0.75),
                List.of(EvolutionPhase.SYNTHESIS, EvolutionPhase.TRAINING, EvolutionPhase.EVALUATION));

        assertThat(m).containsEntry("synthesis_count", 12.0).containsEntry("train_loss", 0.4)
                .containsEntry("eval_accuracy", 0.75).doesNotContainKeys("best_score", "mean_score");
    }

    @Test
    void givenAPopulationEpoch_thenItsScoresAreThePopulations_andNothingWasTrained() {
        Map<String, Double> m = EvolutionJob.populationMetrics(new EpochResult(1, 0, 0.0, 0.9,
                Map.of("best_score", 0.9, "mean_score", 0.6, "population_size", 4)));

        assertThat(m).containsEntry("best_score", 0.9).containsEntry("mean_score", 0.6)
                .doesNotContainKeys("train_loss", "synthesis_count");
    }

    @Test
    void givenANanLoss_thenItIsAFlagNotADroppedValue() {
        Map<String, Double> m = Metrics.numeric(Map.of("loss", Double.NaN, "reward", 1.0));

        assertThat(m).containsEntry("loss_non_finite", 1.0).containsEntry("reward", 1.0).doesNotContainKey("loss");
    }

    @Test
    void givenRunMetricsWithoutALoss_thenTheFinalMetricsHaveTheAccuracyAndNoLoss() {
        Map<String, Double> m = VerlJob.measured(TrainMetrics.partial(null, 0.8, 10, Map.of("critic/score/mean", 0.7)),
                "loss", "accuracy");

        assertThat(m).containsEntry("accuracy", 0.8).containsEntry("critic/score/mean", 0.7).doesNotContainKey("loss");
    }

    @Test
    void givenAnEvaluationThatMeasuredNothing_thenNeitherLossNorAccuracyIsPublished() {
        Map<String, Double> m = VerlJob.measured(TrainMetrics.partial(null, null, 3, Map.of("eval_items", 3)),
                "eval/loss", "eval/accuracy");

        assertThat(m).containsOnlyKeys("eval_items");
    }
}
