package dev.orbiter.train.verl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerListener;
import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLBackend;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.VeRLTrainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The LOCAL backend's benchmark: arithmetic prompts with one correct and three near-miss
 * answers (chance = 0.25). PPO and GRPO must each lift held-out accuracy to at least 0.9, with
 * the score mean rising and the KL to the reference policy bounded. The epochs it took and the
 * final metrics are published to the test report.
 */
class ArithmeticBenchmarkTest {

    static final int K = 4;
    static final ArithmeticTask.Split TASK = ArithmeticTask.generate(3000, 300, K, 7);

    static VeRLConfig config(VeRLAlgorithm algorithm) {
        return VeRLConfig.builder().backend(VeRLBackend.LOCAL).algorithm(algorithm).epochs(12).batchSize(32)
                .learningRate(0.05).rolloutBatchSize(8).ppoEpochs(2).klCoeff(0.001).clipRange(0.2)
                .extra("seed", 11).build();
    }

    @ParameterizedTest(name = "{0} lifts held-out accuracy from chance to >= 0.9")
    @EnumSource(VeRLAlgorithm.class)
    void givenArithmeticPrompts_whenTrainedLocally_thenHeldOutAccuracyReachesNinetyPercent(VeRLAlgorithm algorithm,
                                                                                             TestReporter report) {
        VeRLTrainer trainer = new VeRLTrainer(config(algorithm));
        List<Map<String, Object>> steps = new ArrayList<>();
        trainer.addListener(new TrainerListener() {
            @Override
            public void onMetrics(Map<String, Object> metrics) {
                steps.add(metrics);
            }
        });
        trainer.checkDataset(TASK.train(), TASK.test());
        trainer.checkConfig(null);
        trainer.markValidated();

        LocalPolicy untrained = new LocalPolicy(FeatureHasher.DEFAULT_BUCKETS);
        Evaluation before = Evaluation.of(untrained, Episodes.groups(TASK.test(), null, untrained));
        long started = System.nanoTime();
        TrainMetrics trained = trainer.train();
        TrainMetrics eval = trainer.evaluate(TASK.test());

        int epochsTo90 = BenchmarkResults.epochsToReach(steps, 0.9);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("algorithm", algorithm.value());
        result.put("chance_accuracy", before.accuracy());
        result.put("epochs_to_0.9", epochsTo90);
        result.put("steps", trained.steps());
        result.put("steps_per_second", trained.steps() / seconds);
        result.put("train_accuracy", trained.accuracy());
        result.put("heldout_accuracy", eval.accuracy());
        result.put("heldout_loss", eval.loss());
        result.put("curve", steps.stream().filter(m -> m.containsKey("val/accuracy")).toList());
        BenchmarkResults.write("local-trainer-" + algorithm.value() + ".json", result);
        report.publishEntry(algorithm.value(), "epochs to 0.9: " + epochsTo90 + ", held-out accuracy "
                + eval.accuracy() + ", " + String.format("%.0f", trained.steps() / seconds) + " steps/s");
        assertThat(before.accuracy()).isLessThan(0.45);
        assertThat(eval.accuracy()).isGreaterThanOrEqualTo(0.9);
        assertThat(epochsTo90).isPositive();
        double firstScore = (double) steps.get(0).get("critic/score/mean");
        double lastScore = (double) steps.get(steps.size() - 1).get("critic/score/mean");
        assertThat(lastScore).isGreaterThan(firstScore + 0.3);
        assertThat(steps).allSatisfy(m -> assertThat((double) m.get("actor/kl_loss")).isLessThan(Math.log(K)));
    }
}
