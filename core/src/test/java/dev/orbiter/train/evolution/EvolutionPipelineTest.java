package dev.orbiter.train.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvolutionPipelineTest {

    /** Records the phase calls; accuracy rises 0.3 per epoch. */
    static final class Recording implements EvolutionStrategy<String> {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        RuntimeException failAt;

        @Override
        public List<TrajectoryItem> synthesise(String agent, List<TrajectoryItem> data, int epoch) {
            calls.add("synthesise " + epoch + " " + data.size());
            return epoch == 0 ? List.of(TrajectoryItem.of("s", "a", 1), TrajectoryItem.of("s2", "a2", 1)) : List.of();
        }

        @Override
        public double train(String agent, List<TrajectoryItem> data, int epoch) {
            calls.add("train " + epoch + " " + data.size());
            if (failAt != null && epoch == 1) {
                throw failAt;
            }
            return 1.0 / (epoch + 1);
        }

        @Override
        public double evaluate(String agent, List<TrajectoryItem> data, int epoch) {
            calls.add("evaluate " + epoch);
            return Math.min(1.0, 0.3 * (epoch + 1));
        }
    }

    @Test
    void phasesRunInFixedOrderAndSynthesisReplacesTheWorkingData() {
        Recording strategy = new Recording();
        EvolutionConfig config = EvolutionConfig.builder().maxEpochs(2).phases(List.of(EvolutionPhase.EVALUATION,
                EvolutionPhase.TRAINING, EvolutionPhase.SYNTHESIS)).build();
        List<EpochResult> seen = new ArrayList<>();
        EvolutionPipeline<String> pipeline = new EvolutionPipeline<>(strategy, config).onEpoch(seen::add);
        EvolutionResult<String> result = pipeline.run("agent", List.of(TrajectoryItem.of("x", "y", 0)));
        assertThat(strategy.calls).containsExactly("synthesise 0 1", "train 0 2", "evaluate 0",
                "synthesise 1 2", "train 1 2", "evaluate 1");
        assertThat(result.epochs()).extracting(EpochResult::synthesisCount).containsExactly(2, 0);
        assertThat(result.finalAccuracy()).isEqualTo(0.6);
        assertThat(result.bestEpoch()).get().extracting(EpochResult::epoch).isEqualTo(1);
        assertThat(result.totalEpochs()).isEqualTo(2).isEqualTo(result.epochsCompleted());
        assertThat(result.earlyStopped()).isFalse();
        assertThat(seen).isEqualTo(result.epochs());
        assertThat(pipeline.state()).isEqualTo(EvolutionState.COMPLETED);
    }

    @Test
    void earlyStopIsCheckedEvenWithoutEvaluation() {
        EvolutionConfig config = EvolutionConfig.builder().maxEpochs(5).earlyStopThreshold(0.0)
                .phases(List.of(EvolutionPhase.TRAINING)).build();
        EvolutionResult<String> result = new EvolutionPipeline<>(new Recording(), config).run("a", List.of());
        assertThat(result.earlyStopped()).isTrue();
        assertThat(result.totalEpochs()).isEqualTo(1);
        EvolutionConfig stopAtPoint6 = EvolutionConfig.builder().maxEpochs(5).earlyStopThreshold(0.6).build();
        assertThat(new EvolutionPipeline<>(new Recording(), stopAtPoint6).run("a", List.of()).totalEpochs())
                .isEqualTo(2);
    }

    @Test
    void givenAFailingPhase_whenRun_thenFailedWithTheEpochAndCause() {
        Recording strategy = new Recording();
        strategy.failAt = new IllegalStateException("GPU on fire");
        EvolutionPipeline<String> pipeline = new EvolutionPipeline<>(strategy,
                EvolutionConfig.builder().maxEpochs(3).build());
        assertThatThrownBy(() -> pipeline.run("a", List.of())).isInstanceOf(EvolutionError.class)
                .hasMessage("Evolution failed at epoch 1: GPU on fire").hasCause(strategy.failAt);
        assertThat(pipeline.state()).isEqualTo(EvolutionState.FAILED);
        assertThatThrownBy(() -> pipeline.run("a", List.of())).isInstanceOf(EvolutionError.class)
                .hasMessage("Pipeline must be idle to run (state=failed)");
        pipeline.reset();
        assertThat(pipeline.state()).isEqualTo(EvolutionState.IDLE);
        assertThat(pipeline.toString()).contains("EvolutionPipeline", "3", "idle");
    }

    @Test
    void configValidationNamesTheField() {
        assertThatThrownBy(() -> EvolutionConfig.builder().maxEpochs(0).build())
                .hasMessage("maxEpochs must be >= 1, got 0");
        assertThatThrownBy(() -> EvolutionConfig.builder().earlyStopThreshold(1.5).build())
                .hasMessage("earlyStopThreshold must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> EvolutionConfig.builder().selectionRatio(0).build())
                .hasMessageContaining("selectionRatio");
        assertThatThrownBy(() -> EvolutionConfig.builder().mutationRate(1.1).build())
                .hasMessageContaining("mutationRate");
        EvolutionConfig d = new EvolutionConfig();
        assertThat(d.maxEpochs()).isEqualTo(1);
        assertThat(d.phases()).containsExactly(EvolutionPhase.SYNTHESIS, EvolutionPhase.TRAINING,
                EvolutionPhase.EVALUATION);
        assertThat(d.populationSize()).isNull();
        assertThat(d.selectionRatio()).isEqualTo(0.5);
        assertThat(d.mutationRate()).isEqualTo(0.1);
        assertThat(EvolutionConfig.builder().epochs(5).build().maxEpochs()).isEqualTo(5);
        assertThat(EvolutionPhase.SELECTION.value()).isEqualTo("selection");
        assertThat(EvolutionState.fromValue("running")).isEqualTo(EvolutionState.RUNNING);
    }

    /** Candidates are numbers; the score is the number itself, mutation adds one. */
    static final class Numbers implements EvolutionStrategy<Integer> {
        @Override
        public List<TrajectoryItem> synthesise(Integer agent, List<TrajectoryItem> data, int epoch) {
            return List.of();
        }

        @Override
        public double train(Integer agent, List<TrajectoryItem> data, int epoch) {
            return 0;
        }

        @Override
        public double evaluate(Integer agent, List<TrajectoryItem> data, int epoch) {
            return agent / 100.0;
        }

        @Override
        public Integer mutate(Integer candidate, Random rng) {
            return candidate + 10;
        }
    }

    @Test
    void populationModeSelectsTheTopAndRefillsWithMutatedSurvivors() {
        EvolutionConfig config = EvolutionConfig.builder().maxEpochs(4).populationSize(6).selectionRatio(0.5)
                .mutationRate(1.0).seed(1L).build();
        EvolutionResult<Integer> result = new EvolutionPipeline<>(new Numbers(), config)
                .runPopulation(List.of(1, 2, 3, 4, 5, 6), List.of());
        assertThat(result.epochs()).extracting(e -> e.extra().get("best_score"))
                .containsExactly(0.06, 0.16, 0.26, 0.36);
        assertThat(result.epochs().get(0).extra()).containsEntry("mean_score", 0.035)
                .containsEntry("population_size", 6);
        assertThat(result.bestCandidate()).contains(36);
        assertThat(result.bestScore()).isEqualTo(0.36);
        assertThat(result.finalAccuracy()).isEqualTo(0.36);
    }

    @Test
    void populationModeWithoutMutateExplainsWhatIsMissing() {
        EvolutionConfig config = EvolutionConfig.builder().maxEpochs(2).mutationRate(1.0).build();
        assertThatThrownBy(() -> new EvolutionPipeline<>(new Recording(), config).runPopulation(List.of("a", "b"),
                List.of())).isInstanceOf(EvolutionError.class).hasMessageContaining("does not implement mutate");
    }

    @Test
    void defaultSelectKeepsTheCeilOfTheRatioBestFirst() {
        List<String> kept = new Recording().select(List.of("a", "b", "c"), new double[] {0.1, 0.9, 0.5}, 0.5);
        assertThat(kept).containsExactly("b", "c");
    }
}
