package dev.orbiter.train.verl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.trainer.TrainConfig;
import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trainer.TrainerListener;
import dev.orbiter.train.trainer.TrainerState;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VeRLTrainerTest {

    private static final List<Map<String, Object>> DATA = List.of(Map.of("input", "q1", "output", "a1"),
            Map.of("input", "q2"));

    @Test
    void configDefaultsValidationAndAliases() {
        VeRLConfig c = new VeRLConfig();
        assertThat(c.algorithm()).isEqualTo(VeRLAlgorithm.GRPO);
        assertThat(c.rolloutBatchSize()).isEqualTo(4);
        assertThat(c.ppoEpochs()).isEqualTo(4);
        assertThat(c.klCoeff()).isEqualTo(0.1);
        assertThat(c.clipRange()).isEqualTo(0.2);
        assertThat(c.gamma()).isEqualTo(1.0);
        assertThat(c.lam()).isEqualTo(0.95);
        assertThat(c.maxPromptLength()).isEqualTo(1024);
        assertThat(c.maxResponseLength()).isEqualTo(512);
        assertThat(c.backend()).isEqualTo(VeRLBackend.VERL);
        assertThat(c.epochs()).isEqualTo(1);
        VeRLConfig built = VeRLConfig.builder().epochs(3).algorithm(VeRLAlgorithm.PPO).batchSize(16).klCoef(0.05)
                .learningRate(1e-5).clipRange(0.3).build();
        assertThat(built.klCoeff()).isEqualTo(0.05);
        assertThat(built.epochs()).isEqualTo(3);
        assertThat(built.batchSize()).isEqualTo(16);
        assertThatThrownBy(() -> VeRLConfig.builder().rolloutBatchSize(0).build())
                .hasMessage("rolloutBatchSize must be >= 1, got 0");
        assertThatThrownBy(() -> VeRLConfig.builder().ppoEpochs(0).build()).hasMessageContaining("ppoEpochs");
        assertThatThrownBy(() -> VeRLConfig.builder().clipRange(1.5).build()).hasMessageContaining("clipRange");
        assertThat(VeRLAlgorithm.fromValue("ppo")).isEqualTo(VeRLAlgorithm.PPO);
        assertThat(VeRLBackend.LOCAL.value()).isEqualTo("local");
    }

    @Test
    void datasetChecksRunInTheContractOrder() {
        VeRLTrainer t = new VeRLTrainer();
        assertThatThrownBy(() -> t.checkDataset(null)).hasMessage("train_data must be a non-empty sequence");
        assertThatThrownBy(() -> t.checkDataset(List.of())).hasMessage("train_data must be a non-empty sequence");
        assertThatThrownBy(() -> t.checkDataset("text")).hasMessage("train_data must be list or tuple, got String");
        assertThatThrownBy(() -> t.checkDataset(List.of(Map.of("input", "x"), 5)))
                .hasMessage("train_data[1] must be a dict, got Integer");
        assertThatThrownBy(() -> t.checkDataset(List.of(Map.of("output", "x"))))
                .hasMessage("train_data[0] missing required 'input' key");
        t.checkDataset(new Object[] {TrajectoryItem.of("s", "a", 1), Map.of("input", "q")}, "not checked");
        assertThat(t.trainItems()).hasSize(2);
        assertThat(t.state()).isEqualTo(TrainerState.CREATED);
    }

    @Test
    void agentAndRewardChecks() {
        VeRLTrainer t = new VeRLTrainer();
        assertThatThrownBy(() -> t.checkAgent(null)).isInstanceOf(TrainerError.class)
                .hasMessage("VeRL training requires a non-None agent");
        t.checkAgent("policy");
        t.checkReward();
        assertThatThrownBy(() -> t.checkReward(42)).hasMessage("reward_fn must be callable or RewardSpec, got Integer");
        assertThatThrownBy(() -> t.checkReward(RewardSpec.ofMethod("no.Such", "m")))
                .hasMessage("Cannot find class 'no.Such'");
        t.checkReward((RewardFunction) item -> 1.0);
        assertThat(t.verlParameters()).containsEntry("reward_fn", "reward");
        t.checkReward(RewardSpec.ofMethod(RewardSpecTest.class.getName(), "lengthReward"));
        assertThat(t.verlParameters()).containsEntry("reward_class", RewardSpecTest.class.getName())
                .containsEntry("reward_method", "lengthReward");
    }

    @Test
    void configChecksMergeReplaceOrTakeOver() {
        VeRLTrainer t = new VeRLTrainer(VeRLConfig.builder().algorithm(VeRLAlgorithm.PPO).build());
        t.checkConfig(null);
        t.checkConfig(Map.of("trainer.n_gpus_per_node", 1));
        assertThat(t.verlConfig().extra()).containsEntry("trainer.n_gpus_per_node", 1);
        t.checkConfig(TrainConfig.builder().epochs(5).batchSize(2).learningRate(0.1).outputDir("/tmp/x").build());
        assertThat(t.verlConfig().epochs()).isEqualTo(5);
        assertThat(t.verlConfig().algorithm()).as("kept").isEqualTo(VeRLAlgorithm.PPO);
        t.checkConfig(VeRLConfig.builder().rolloutBatchSize(8).build());
        assertThat(t.verlConfig().rolloutBatchSize()).isEqualTo(8);
        assertThat(t.verlConfig().algorithm()).isEqualTo(VeRLAlgorithm.GRPO);
        assertThatThrownBy(() -> t.checkConfig("yaml")).isInstanceOf(TrainerError.class);
        assertThatThrownBy(() -> t.checkConfig(TrainConfig.builder().epochs(0).build()))
                .isInstanceOf(TrainerError.class).hasMessageContaining("epochs");
    }

    @Test
    void givenVerlMissing_whenTrained_thenFailedWithTheInstallHint() {
        VeRLTrainer t = new VeRLTrainer().withVerlAvailabilityCheck(() -> false);
        t.checkDataset(DATA);
        assertThatThrownBy(t::train).hasMessageContaining("must be validated");
        assertThat(t.state()).isEqualTo(TrainerState.CREATED);
        t.markValidated();
        assertThatThrownBy(t::train).isInstanceOf(TrainerError.class)
                .hasMessage("VeRL training failed: VeRL is required for VeRLTrainer: install verl for python3, "
                        + "or use VeRLBackend.LOCAL");
        assertThat(t.state()).isEqualTo(TrainerState.FAILED);
    }

    @Test
    void givenABackend_whenTrained_thenMetricsStreamAndTheResultCarriesTheContractExtras() {
        List<Map<String, Object>> streamed = new ArrayList<>();
        List<TrainerState> states = new ArrayList<>();
        TrainingBackend twoSteps = new TrainingBackend() {
            @Override
            public Outcome train(Run run) {
                assertThat(run.trainItems()).hasSize(2);
                assertThat(run.reward().score(TrajectoryItem.of("s", "abc", 0))).isEqualTo(3.0);
                for (int step = 1; step <= 2; step++) {
                    run.metricsSink().accept(Map.of("training/global_step", step, "actor/pg_loss", 1.0 / step));
                }
                return new Outcome(2, 0.5, 0.0, Map.of("actor/pg_loss", 0.5, "critic/score/mean", 0.7));
            }

            @Override
            public TrainMetrics evaluate(List<TrajectoryItem> items, RewardFunction reward) {
                return new TrainMetrics(0.1, 0.95, items.size(), Map.of());
            }
        };
        VeRLTrainer t = new VeRLTrainer(VeRLConfig.builder().backend(VeRLBackend.LOCAL).build(),
                List.of(RewardSpec.ofMethod(RewardSpecTest.class.getName(), "lengthReward"))).withBackend(twoSteps);
        t.addListener(new TrainerListener() {
            @Override
            public void onStateChange(TrainerState from, TrainerState to) {
                states.add(to);
            }

            @Override
            public void onMetrics(Map<String, Object> metrics) {
                streamed.add(metrics);
            }
        });
        t.checkDataset(DATA, List.of(Map.of("input", "held out")));
        t.markValidated();
        TrainMetrics m = t.train();
        assertThat(m.steps()).isEqualTo(2);
        assertThat(m.extra()).containsEntry("algorithm", "grpo").containsEntry("train_items", 2)
                .containsEntry("actor/pg_loss", 0.5).containsKey("verl_params");
        assertThat(streamed).hasSize(2);
        assertThat(states).containsExactly(TrainerState.VALIDATED, TrainerState.TRAINING, TrainerState.COMPLETED);
        TrainMetrics eval = t.evaluate();
        assertThat(eval.steps()).isEqualTo(1);
        assertThat(eval.accuracy()).isEqualTo(0.95);
        assertThat(eval.extra()).containsEntry("eval_items", 1);
    }

    @Test
    void evaluateCountsTheItemsEvenBeforeTraining() {
        VeRLTrainer t = new VeRLTrainer();
        assertThat(t.evaluate().steps()).isZero();
        assertThat(t.evaluate(DATA).extra()).containsEntry("eval_items", 2);
        t.checkDataset(DATA, DATA.subList(0, 1));
        assertThat(t.evaluate().steps()).isEqualTo(1);
    }

    @Test
    void anEvaluationBeforeTrainingMeasuredNeitherLossNorAccuracy() {
        TrainMetrics eval = new VeRLTrainer().evaluate(DATA);

        assertThat(eval.measuredLoss()).isEmpty();
        assertThat(eval.measuredAccuracy()).isEmpty();
        assertThat(eval.accuracy()).as("the contract's default still reads").isZero();
        assertThat(new TrainMetrics(0.4, 0.9).measuredLoss()).hasValue(0.4);
    }

    @Test
    void parametersAndHydraOverridesRenderTheConfig() {
        VeRLTrainer t = new VeRLTrainer(VeRLConfig.builder().algorithm(VeRLAlgorithm.GRPO).batchSize(8).epochs(1)
                .clipRange(0.2).ppoEpochs(4).rolloutBatchSize(4).modelName("Qwen/Qwen2.5-0.5B").outputDir("/out")
                .build());
        assertThat(t.verlParameters()).containsEntry("algorithm", "grpo").containsEntry("batch_size", 8)
                .containsEntry("rollout_batch_size", 4).containsEntry("kl_coeff", 0.1)
                .containsEntry("model_name", "Qwen/Qwen2.5-0.5B").containsEntry("output_dir", "/out")
                .doesNotContainKey("tokenizer_name").doesNotContainKey("extra");
        assertThat(t.verlParameters().keySet()).startsWith("algorithm", "epochs", "batch_size", "learning_rate",
                "rollout_batch_size", "ppo_epochs", "kl_coeff", "clip_range", "gamma", "lam", "max_prompt_length",
                "max_response_length");
        assertThat(t.hydraOverrides()).contains("algorithm.adv_estimator=grpo",
                "actor_rollout_ref.actor.clip_ratio=0.2", "actor_rollout_ref.actor.ppo_epochs=4",
                "data.train_batch_size=8", "actor_rollout_ref.rollout.n=4", "trainer.total_epochs=1",
                "actor_rollout_ref.model.path=Qwen/Qwen2.5-0.5B", "data.train_files=/out/data/train.parquet");
        VeRLTrainer ppo = new VeRLTrainer(VeRLConfig.builder().algorithm(VeRLAlgorithm.PPO).build());
        assertThat(ppo.hydraOverrides()).contains("algorithm.adv_estimator=gae", "algorithm.kl_ctrl.kl_coef=0.1");
        assertThat(ppo.toString()).contains("VeRLTrainer", "ppo", "epochs=1", "created");
    }
}
