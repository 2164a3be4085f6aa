package dev.orbiter.train.verl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.TrainingBackend;
import dev.orbiter.train.verl.TrainingBackend.Outcome;
import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLBackend;
import dev.orbiter.train.verl.VeRLConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the LOCAL trainer: metrics, determinism, checkpoints, resume, KL, rewards, cancel. */
class LocalTrainerTest {

    static final ArithmeticTask.Split SMALL = ArithmeticTask.generate(300, 60, 4, 3);

    static VeRLConfig.Builder config(VeRLAlgorithm algorithm) {
        return VeRLConfig.builder().backend(VeRLBackend.LOCAL).algorithm(algorithm).epochs(2).batchSize(32)
                .learningRate(0.05).rolloutBatchSize(4).ppoEpochs(2).klCoeff(0.01).extra("seed", 5)
                .extra("local_feature_buckets", 1 << 14);
    }

    static Outcome train(LocalTrainer trainer, VeRLConfig config, List<Map<String, Object>> sink) {
        return train(trainer, config, SMALL.train(), null, sink);
    }

    static Outcome train(LocalTrainer trainer, VeRLConfig config, List<TrajectoryItem> items, RewardFunction reward,
                         List<Map<String, Object>> sink) {
        return trainer.train(new TrainingBackend.Run(config, items, SMALL.test(), reward, Map.of(), List.of(),
                m -> sink.add(Map.copyOf(m))));
    }

    @Test
    void givenGrpo_whenTraining_thenEveryStepReportsVerlsMetricNamesWithoutACritic() {
        List<Map<String, Object>> steps = new ArrayList<>();
        Outcome outcome = train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).build(), steps);

        assertThat(steps).hasSize(outcome.steps()).hasSize(2 * 10); // 300 prompts / 32 = 10 steps per epoch
        assertThat(steps).allSatisfy(m -> assertThat(m).containsKeys("actor/pg_loss", "actor/ppo_kl",
                "actor/pg_clipfrac", "actor/entropy", "actor/kl_loss", "critic/score/mean", "critic/rewards/mean",
                "critic/advantages/mean", "training/global_step", "training/epoch", "perf/time_per_step")
                .doesNotContainKey("critic/vf_loss"));
        assertThat(steps.get(9)).containsEntry("training/global_step", 10).containsEntry("training/epoch", 0)
                .containsKeys("val/accuracy", "val/loss", "train/accuracy"); // the held-out curve next to the training one
        assertThat(outcome.lastMetrics()).containsKeys("train/accuracy", "train/loss");
    }

    @Test
    void givenPpo_whenTraining_thenTheCriticLearnsAndReportsItsLoss() {
        List<Map<String, Object>> steps = new ArrayList<>();
        LocalTrainer trainer = new LocalTrainer();
        train(trainer, config(VeRLAlgorithm.PPO).epochs(5).build(), steps);

        assertThat(steps).allSatisfy(m -> assertThat(m).containsKeys("critic/vf_loss", "critic/values/mean"));
        // The critic predicts the policy's expected reward per prompt far better than a zero baseline.
        LocalPolicy p = trainer.policy();
        double criticError = 0;
        double zeroError = 0;
        List<Episodes.Group> groups = Episodes.groups(SMALL.train(), null, p);
        for (Episodes.Group g : groups) {
            double[] probs = LocalPolicy.softmax(p.logits(g));
            double expected = 0;
            for (int i = 0; i < probs.length; i++) {
                expected += probs[i] * g.rewards()[i];
            }
            criticError += Math.abs(p.value(g.promptFeatures()) - expected) / groups.size();
            zeroError += Math.abs(expected) / groups.size();
        }
        assertThat(criticError).isLessThan(zeroError / 3);
    }

    @Test
    void givenTheSameSeed_whenTrainedTwice_thenMetricsAndWeightsAreIdentical_andAnotherSeedDiffers() {
        List<Map<String, Object>> a = new ArrayList<>();
        List<Map<String, Object>> b = new ArrayList<>();
        List<Map<String, Object>> c = new ArrayList<>();
        LocalTrainer first = new LocalTrainer();
        LocalTrainer second = new LocalTrainer();
        train(first, config(VeRLAlgorithm.GRPO).build(), a);
        train(second, config(VeRLAlgorithm.GRPO).build(), b);
        train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).extra("seed", 6).build(), c);

        assertThat(withoutTimes(a)).isEqualTo(withoutTimes(b)).isNotEqualTo(withoutTimes(c));
        assertThat(first.policy().weights).isEqualTo(second.policy().weights);
    }

    @Test
    void givenACheckpoint_whenResumed_thenTheRunEndsExactlyAsAnUninterruptedOne(@TempDir Path dir) {
        List<Map<String, Object>> straight = new ArrayList<>();
        LocalTrainer uninterrupted = new LocalTrainer();
        train(uninterrupted, config(VeRLAlgorithm.PPO).epochs(3).outputDir(dir.resolve("a").toString()).build(), straight);

        // The first leg is the same 3-epoch run, stopped after its step-10 checkpoint (the learning-rate
        // schedule depends on the run's length, as in VeRL, so a resumed run must ask for the same epochs).
        List<Map<String, Object>> firstLeg = interruptedAfterStep(10);
        List<Map<String, Object>> secondLeg = new ArrayList<>();
        String resumed = dir.resolve("b").toString();
        assertThatThrownBy(() -> train(new LocalTrainer(), config(VeRLAlgorithm.PPO).epochs(3).outputDir(resumed).build(),
                firstLeg)).isInstanceOf(TrainerError.class).hasMessageContaining("cancelled at step 10");
        assertThat(Thread.interrupted()).isTrue();
        LocalTrainer continued = new LocalTrainer();
        Outcome outcome = train(continued, config(VeRLAlgorithm.PPO).epochs(3).outputDir(resumed).build(), secondLeg);

        assertThat(firstLeg).hasSize(10);
        assertThat(secondLeg).hasSize(20);
        assertThat(secondLeg.get(0)).containsEntry("training/global_step", 11);
        assertThat(outcome.steps()).isEqualTo(30);
        assertThat(continued.policy().weights).isEqualTo(uninterrupted.policy().weights);
        assertThat(continued.policy().valueWeights).isEqualTo(uninterrupted.policy().valueWeights);
        assertThat(withoutTimes(secondLeg)).isEqualTo(withoutTimes(straight.subList(10, 30)));
    }

    @Test
    void givenATrainedRun_whenThePolicyIsLoadedFromItsOutputDir_thenItChoosesLikeTheTrainedOne(@TempDir Path dir)
            throws Exception {
        LocalTrainer trainer = new LocalTrainer();
        train(trainer, config(VeRLAlgorithm.GRPO).epochs(2).outputDir(dir.toString()).build(), new ArrayList<>());

        assertThat(Files.readString(dir.resolve("latest_checkpointed_iteration.txt"))).isEqualTo("20");
        assertThat(dir.resolve("global_step_10").resolve("policy.bin")).isRegularFile();
        assertThat(dir.resolve("global_step_20").resolve("meta.json")).content().contains("\"global_step\" : 20");
        LocalPolicy fromDir = LocalPolicy.load(dir);
        LocalPolicy fromStep = LocalPolicy.load(dir.resolve("global_step_20"));
        LocalPolicy fromFile = LocalPolicy.load(dir.resolve("global_step_20").resolve("policy.bin"));
        List<String> candidates = List.of("12", "13", "15", "11");
        String chosen = trainer.policy().choose("What is 6 + 7?", candidates);
        assertThat(fromDir.choose("What is 6 + 7?", candidates)).isEqualTo(chosen);
        assertThat(fromStep.probabilities("What is 6 + 7?", candidates))
                .containsExactly(trainer.policy().probabilities("What is 6 + 7?", candidates));
        assertThat(fromFile.weights).isEqualTo(trainer.policy().weights);
        assertThatThrownBy(() -> LocalPolicy.load(dir.resolve("missing"))).isInstanceOf(TrainerError.class)
                .hasMessageContaining("cannot load LOCAL policy");
    }

    @Test
    void givenAStrongKlCoefficient_whenTraining_thenThePolicyStaysCloserToTheReference() {
        List<Map<String, Object>> weak = new ArrayList<>();
        List<Map<String, Object>> strong = new ArrayList<>();
        train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).epochs(3).klCoeff(0.0).build(), weak);
        train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).epochs(3).klCoeff(2.0).build(), strong);

        double weakKl = (double) weak.get(weak.size() - 1).get("actor/kl_loss");
        double strongKl = (double) strong.get(strong.size() - 1).get("actor/kl_loss");
        assertThat(strongKl).isLessThan(weakKl / 2);
    }

    @Test
    void givenItemsWithoutScores_whenARewardFunctionIsGiven_thenItScoresThem_elseTrainingFailsClearly() {
        List<TrajectoryItem> unscored = SMALL.train().stream().map(i -> i.withScore(null)).toList();
        RewardFunction exact = i -> i.output().equals(i.metadata().get("ground_truth")) ? 1.0 : 0.0;
        List<Map<String, Object>> rewarded = new ArrayList<>();
        List<Map<String, Object>> scored = new ArrayList<>();
        train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).build(), unscored, exact, rewarded);
        train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).build(), SMALL.train(), null, scored);
        // the function gives exactly the scores the items carry, so the two runs are the same run
        assertThat(withoutTimes(rewarded)).isEqualTo(withoutTimes(scored));
        assertThat((double) rewarded.get(0).get("critic/score/mean")).isPositive();

        assertThatThrownBy(() -> train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).build(), unscored, null,
                new ArrayList<>())).isInstanceOf(TrainerError.class).hasMessageContaining("has no score");
    }

    @Test
    void givenARunningJob_whenItsThreadIsInterrupted_thenTrainingStopsWithACancelError_andKeepsTheFlag() {
        List<Map<String, Object>> interruptAtStepThree = interruptedAfterStep(3);
        assertThatThrownBy(() -> train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).epochs(1_000).build(),
                interruptAtStepThree)).isInstanceOf(TrainerError.class).hasMessageContaining("cancelled at step 3");
        assertThat(Thread.interrupted()).as("the interrupt stays visible to the caller").isTrue();
        assertThat(interruptAtStepThree).hasSize(3);
    }

    /** A neural policy small enough to train in a second or two. */
    static VeRLConfig.Builder neural(VeRLAlgorithm algorithm) {
        return config(algorithm).learningRate(0.003).extra("local_policy", "neural").extra("local_model_dim", 8)
                .extra("local_model_heads", 2).extra("local_model_ffn", 8).extra("local_model_layers", 1)
                .extra("local_model_prompt_layers", 1);
    }

    @Test
    void givenTheNeuralPolicy_whenResumedFromACheckpoint_thenTheRunEndsExactlyAsAnUninterruptedOne_andLoadsToServe(
            @TempDir Path dir) {
        List<TrajectoryItem> items = SMALL.train().subList(0, 4 * 64);
        LocalTrainer uninterrupted = new LocalTrainer();
        List<Map<String, Object>> straight = new ArrayList<>();
        train(uninterrupted, neural(VeRLAlgorithm.GRPO).epochs(2).outputDir(dir.resolve("a").toString()).build(), items,
                null, straight);
        List<Map<String, Object>> firstLeg = interruptedAfterStep(2);
        String resumed = dir.resolve("b").toString();
        assertThatThrownBy(() -> train(new LocalTrainer(), neural(VeRLAlgorithm.GRPO).epochs(2).outputDir(resumed).build(),
                items, null, firstLeg)).isInstanceOf(TrainerError.class).hasMessageContaining("cancelled at step 2");
        assertThat(Thread.interrupted()).isTrue();
        LocalTrainer continued = new LocalTrainer();
        List<Map<String, Object>> secondLeg = new ArrayList<>();
        train(continued, neural(VeRLAlgorithm.GRPO).epochs(2).outputDir(resumed).build(), items, null, secondLeg);

        assertThat(straight).hasSize(4);
        assertThat(withoutTimes(secondLeg)).isEqualTo(withoutTimes(straight.subList(2, 4)));
        assertThat(continued.policy().weights).isEqualTo(uninterrupted.policy().weights);
        LocalPolicy loaded = LocalPolicy.load(dir.resolve("a"));
        assertThat(loaded.kind()).isEqualTo("neural");
        List<String> candidates = List.of("12", "13", "15", "11");
        assertThat(loaded.probabilities("What is 6 + 7?", candidates))
                .containsExactly(uninterrupted.policy().probabilities("What is 6 + 7?", candidates));
    }

    @Test
    void givenANeuralPolicyOfTheFormerFormat_whenLoaded_thenTheErrorSaysToTrainAgain(@TempDir Path dir) throws Exception {
        List<TrajectoryItem> items = SMALL.train().subList(0, 4 * 32);
        train(new LocalTrainer(), neural(VeRLAlgorithm.GRPO).epochs(1).outputDir(dir.toString()).build(), items, null,
                new ArrayList<>());
        Path file = Checkpoints.policyFile(dir);
        assertThat(LocalPolicy.load(file).kind()).isEqualTo("neural");
        for (int former : new int[] {2, 3}) {
            byte[] bytes = Files.readAllBytes(file);
            java.nio.ByteBuffer.wrap(bytes).putInt(4, former); // the version after the magic: an earlier scorer
            Path old = dir.resolve("old-policy-" + former + ".bin");
            Files.write(old, bytes);

            assertThatThrownBy(() -> LocalPolicy.load(old)).isInstanceOf(TrainerError.class)
                    .hasMessageContaining("format " + former).hasMessageContaining("train it again");
        }
    }

    @Test
    void givenACheckpointOfOneModel_whenTheJobAsksForTheOther_thenTheErrorNamesBoth(@TempDir Path dir) {
        List<TrajectoryItem> items = SMALL.train().subList(0, 4 * 32);
        train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).epochs(1).outputDir(dir.toString()).build(), items, null,
                new ArrayList<>());

        assertThatThrownBy(() -> train(new LocalTrainer(), neural(VeRLAlgorithm.GRPO).epochs(2).outputDir(dir.toString())
                .build(), items, null, new ArrayList<>())).isInstanceOf(TrainerError.class)
                .hasMessageContaining("holds a linear policy").hasMessageContaining("asks for a neural policy");
    }

    @Test
    void givenAModelShapeOutOfRange_whenTraining_thenTheErrorNamesTheSetting() {
        assertThatThrownBy(() -> train(new LocalTrainer(), neural(VeRLAlgorithm.GRPO).extra("local_model_heads", 3).build(),
                new ArrayList<>())).isInstanceOf(TrainerError.class).hasMessageContaining("local_model_heads");
        assertThatThrownBy(() -> train(new LocalTrainer(), config(VeRLAlgorithm.GRPO).extra("local_policy", "deep").build(),
                new ArrayList<>())).isInstanceOf(TrainerError.class).hasMessageContaining("local_policy");
        assertThatThrownBy(() -> train(new LocalTrainer(), config(VeRLAlgorithm.GRPO)
                .extra("actor_rollout_ref.actor.optim.warmup_style", "linear").build(), new ArrayList<>()))
                .isInstanceOf(TrainerError.class).hasMessageContaining("warmup_style");
    }

    @Test
    void givenABadResumeMode_whenTraining_thenTheErrorNamesTheSetting() {
        assertThatThrownBy(() -> train(new LocalTrainer(), config(VeRLAlgorithm.GRPO)
                .extra("trainer.resume_mode", "sometimes").build(), new ArrayList<>()))
                .isInstanceOf(TrainerError.class).hasMessageContaining("trainer.resume_mode");
    }

    /** A metrics sink that interrupts the training thread once it has received {@code step}'s metrics. */
    private static List<Map<String, Object>> interruptedAfterStep(int step) {
        return new ArrayList<>() {
            @Override
            public boolean add(Map<String, Object> m) {
                if ((int) m.get("training/global_step") == step) {
                    Thread.currentThread().interrupt();
                }
                return super.add(m);
            }
        };
    }

    private static List<Map<String, Object>> withoutTimes(List<Map<String, Object>> steps) {
        return steps.stream().map(m -> {
            Map<String, Object> copy = new java.util.HashMap<>(m);
            copy.remove("perf/time_per_step");
            return (Map<String, Object>) copy;
        }).toList();
    }
}
