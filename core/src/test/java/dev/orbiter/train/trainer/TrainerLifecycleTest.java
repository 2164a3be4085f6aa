package dev.orbiter.train.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerLifecycleTest {

    /** A minimal trainer: train() succeeds unless told to fail. */
    static final class CountingTrainer extends Trainer {
        boolean fail;

        CountingTrainer(TrainConfig config) {
            super(config);
        }

        @Override
        public void checkAgent(Object agent) {
            if (agent == null) {
                throw new TrainerError("agent required");
            }
        }

        @Override
        public void checkDataset(Object trainData, Object testData) {
        }

        @Override
        public void checkReward(Object rewardFn) {
        }

        @Override
        public void checkConfig(Object config) {
        }

        @Override
        public TrainMetrics train() {
            requireValidated();
            transition(TrainerState.TRAINING);
            publishMetrics(Map.of("training/global_step", 1));
            if (fail) {
                transition(TrainerState.FAILED);
                throw new TrainerError("boom");
            }
            transition(TrainerState.COMPLETED);
            return new TrainMetrics(0.5, 0.85);
        }

        @Override
        public TrainMetrics evaluate(Object testData) {
            return new TrainMetrics(0.3, 0.9);
        }
    }

    @Test
    void trainerStatesCarryLowerCaseValues() {
        assertThat(TrainerState.CREATED.value()).isEqualTo("created");
        assertThat(TrainerState.COMPLETED.toString()).isEqualTo("completed");
        assertThat(TrainerState.fromValue("failed")).isEqualTo(TrainerState.FAILED);
        assertThatThrownBy(() -> TrainerState.fromValue("trained")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAValidatedTrainer_whenTrained_thenListenersSeeEveryStateAndStep() {
        CountingTrainer trainer = new CountingTrainer(null);
        assertThat(trainer.config()).isEqualTo(TrainConfig.defaults());
        List<String> events = new ArrayList<>();
        trainer.addListener(new TrainerListener() {
            @Override
            public void onStateChange(TrainerState from, TrainerState to) {
                events.add(from + "->" + to);
            }

            @Override
            public void onMetrics(Map<String, Object> metrics) {
                events.add("metrics " + metrics);
            }
        });
        trainer.markValidated();
        TrainMetrics m = trainer.train();
        assertThat(m.accuracy()).isEqualTo(0.85);
        assertThat(events).containsExactly("created->validated", "validated->training",
                "metrics {training/global_step=1}", "training->completed");
        assertThat(trainer.evaluate().accuracy()).isEqualTo(0.9);
    }

    @Test
    void trainingBeforeValidationFailsAndLeavesTheStateAlone() {
        CountingTrainer trainer = new CountingTrainer(TrainConfig.builder().epochs(3).build());
        assertThatThrownBy(trainer::train).isInstanceOf(TrainerError.class)
                .hasMessage("Trainer must be validated before training (state=created)");
        assertThat(trainer.state()).isEqualTo(TrainerState.CREATED);
    }

    @Test
    void validationOnlyFromCreatedAndASecondTrainFails() {
        CountingTrainer trainer = new CountingTrainer(null);
        trainer.markValidated();
        assertThatThrownBy(trainer::markValidated).isInstanceOf(TrainerError.class)
                .hasMessage("Cannot validate from state validated");
        trainer.train();
        assertThatThrownBy(trainer::train).isInstanceOf(TrainerError.class)
                .hasMessage("Trainer must be validated before training (state=completed)");
        CountingTrainer failing = new CountingTrainer(null);
        failing.fail = true;
        failing.markValidated();
        assertThatThrownBy(failing::train).isInstanceOf(TrainerError.class);
        assertThat(failing.state()).isEqualTo(TrainerState.FAILED);
        assertThatThrownBy(failing::train).hasMessageContaining("state=failed");
    }

    @Test
    void checksThrowWithoutChangingState() {
        CountingTrainer trainer = new CountingTrainer(null);
        assertThatThrownBy(() -> trainer.checkAgent(null)).isInstanceOf(TrainerError.class);
        assertThat(trainer.state()).isEqualTo(TrainerState.CREATED);
    }

    @Test
    void configDefaultsAndGuideConveniences() {
        TrainConfig d = new TrainConfig();
        assertThat(d.epochs()).isEqualTo(1);
        assertThat(d.batchSize()).isEqualTo(8);
        assertThat(d.learningRate()).isEqualTo(1e-5);
        assertThat(d.outputDir()).isEmpty();
        assertThat(d.extra()).isEmpty();
        TrainConfig guide = TrainConfig.builder().epochs(10).batchSize(32).learningRate(1e-4).warmupSteps(100)
                .evalEvery(500).build();
        assertThat(guide.extra()).containsEntry("warmup_steps", 100).containsEntry("eval_every", 500);
        assertThat(guide.warmupSteps()).isEqualTo(100);
        assertThat(guide.evalEvery()).isEqualTo(500);
    }

    @Test
    void metricsRewardComesFromExtra() {
        assertThat(new TrainMetrics().reward()).isNull();
        assertThat(new TrainMetrics(0, 0, 1, Map.of("reward", 2)).reward()).isEqualTo(2.0);
        assertThat(new TrainMetrics(0, 0, 1, Map.of("reward", "high")).reward()).isNull();
        TrainMetrics defaults = new TrainMetrics();
        assertThat(defaults.loss()).isZero();
        assertThat(defaults.steps()).isZero();
        assertThat(defaults.extra()).isEmpty();
    }
}
