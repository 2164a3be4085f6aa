package dev.orbiter.train.verl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerListener;
import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLBackend;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.VeRLTrainer;
import dev.orbiter.train.verl.local.nn.ScorerShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The neural LOCAL policy's benchmark: generated tasks of kinds nobody wrote a feature for, each
 * prompt with one right and three plausible wrong answers (chance = 0.25), trained with the same
 * model and the same settings; accuracy is measured on held-out prompts (made-up words and values
 * never seen in training), and each case asserts the goal of 0.9. Only the number of
 * training prompts differs, so that each case trains within about three minutes on two cores
 * (prompts of the copy-a-field kind are three times longer). The arithmetic kind does not learn
 * with the neural policy yet; the README says so.
 * The epoch at which the bar was reached, steps/s and the curve are written to
 * {@code target/benchmarks/}.
 */
class LocalTaskBenchmarkTest {

    static final int K = 4;
    static final int TEST_PROMPTS = 300;
    static final double GOAL = 0.9;

    /** The one configuration every task trains with. */
    static VeRLConfig config(VeRLAlgorithm algorithm) {
        return VeRLConfig.builder().backend(VeRLBackend.LOCAL).algorithm(algorithm).epochs(5).batchSize(32)
                .learningRate(0.003).rolloutBatchSize(16).ppoEpochs(2).klCoeff(0.001).clipRange(0.2)
                .extra("seed", 11).extra("local_policy", "neural").build();
    }

    /**
     * Every kind with both algorithms under {@code -Dorbiter.local-benchmark=all}; otherwise one
     * row per kind, the algorithms alternating, which keeps {@code ./verify} within its budget on
     * two cores (the six rows took 10 to 21 minutes of it).
     */
    static Stream<Arguments> tasks() {
        boolean all = "all".equals(System.getProperty("orbiter.local-benchmark", "verify"));
        Stream<Arguments> every = Stream.of(Arguments.of(LocalTasks.Kind.TRANSFORM, VeRLAlgorithm.GRPO, 6000, GOAL),
                Arguments.of(LocalTasks.Kind.TRANSFORM, VeRLAlgorithm.PPO, 6000, GOAL),
                Arguments.of(LocalTasks.Kind.CONSTRAINT, VeRLAlgorithm.PPO, 5000, GOAL),
                Arguments.of(LocalTasks.Kind.CONSTRAINT, VeRLAlgorithm.GRPO, 5000, GOAL),
                Arguments.of(LocalTasks.Kind.EXTRACT, VeRLAlgorithm.GRPO, 2500, GOAL),
                Arguments.of(LocalTasks.Kind.EXTRACT, VeRLAlgorithm.PPO, 2500, GOAL));
        int[] row = {0};
        return every.filter(a -> all || row[0]++ % 2 == 0);
    }

    @ParameterizedTest(name = "{0} with {1} on {2} prompts: held-out accuracy from chance to >= {3}")
    @MethodSource("tasks")
    void givenATaskNobodyWroteAFeatureFor_whenTrainedWithTheNeuralPolicy_thenHeldOutAccuracyRisesFromChance(
            LocalTasks.Kind kind, VeRLAlgorithm algorithm, int trainPrompts, double bar, TestReporter report) {
        ArithmeticTask.Split task = LocalTasks.generate(kind, trainPrompts, TEST_PROMPTS, K, 7);
        VeRLTrainer trainer = new VeRLTrainer(config(algorithm));
        List<Map<String, Object>> steps = new ArrayList<>();
        long started = System.nanoTime();
        trainer.addListener(new TrainerListener() {
            @Override
            public void onMetrics(Map<String, Object> metrics) {
                steps.add(metrics);
            }
        });
        trainer.checkDataset(task.train(), task.test());
        trainer.checkConfig(null);
        trainer.markValidated();

        LocalPolicy untrained = new LocalPolicy(ScorerShape.DEFAULT, 11, FeatureHasher.DEFAULT_BUCKETS);
        Evaluation before = Evaluation.of(untrained, Episodes.groups(task.test(), null, untrained));
        TrainMetrics trained = trainer.train();
        TrainMetrics eval = trainer.evaluate(task.test());

        int epochsToBar = BenchmarkResults.epochsToReach(steps, bar);
        double seconds = (System.nanoTime() - started) / 1e9;
        String name = kind.name().toLowerCase(Locale.ROOT) + "-" + algorithm.value();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", kind.name().toLowerCase(Locale.ROOT));
        result.put("algorithm", algorithm.value());
        result.put("chance_accuracy", before.accuracy());
        result.put("train_prompts", trainPrompts);
        result.put("bar", bar);
        result.put("epochs_to_bar", epochsToBar);
        result.put("steps", trained.steps());
        result.put("seconds", seconds);
        result.put("steps_per_second", trained.steps() / seconds);
        result.put("train_accuracy", trained.accuracy());
        result.put("heldout_accuracy", eval.accuracy());
        result.put("heldout_loss", eval.loss());
        result.put("curve", steps.stream().filter(m -> m.containsKey("val/accuracy")).toList());
        BenchmarkResults.write("local-trainer-" + name + ".json", result);
        report.publishEntry(name, "epochs to " + bar + ": " + epochsToBar + ", held-out accuracy " + eval.accuracy() + ", "
                + String.format("%.1f", trained.steps() / seconds) + " steps/s, " + String.format("%.0f", seconds) + " s");
        assertThat(before.accuracy()).isLessThan(0.45);
        assertThat(eval.accuracy()).isGreaterThanOrEqualTo(bar);
        assertThat(epochsToBar).isPositive();
        double firstScore = (double) steps.get(0).get("critic/score/mean");
        double lastScore = (double) steps.get(steps.size() - 1).get("critic/score/mean");
        assertThat(lastScore).isGreaterThan(firstScore + 0.3);
        // the KL to the reference (initial) policy starts at zero and is reported, finite, at every step
        assertThat((double) steps.get(0).get("actor/kl_loss")).isLessThan(0.01);
        assertThat(steps).allSatisfy(m -> assertThat((double) m.get("actor/kl_loss")).isNotNegative().isFinite());
    }
}
