package dev.orbiter.train.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.evolution.EvolutionConfig;
import dev.orbiter.train.evolution.EvolutionPipeline;
import dev.orbiter.train.evolution.EvolutionResult;
import dev.orbiter.train.evolution.EvolutionStrategy;
import dev.orbiter.train.synthesis.DataSynthesiser;
import dev.orbiter.train.synthesis.Synthesis;
import dev.orbiter.train.synthesis.SynthesisConfig;
import dev.orbiter.train.synthesis.SynthesisPipeline;
import dev.orbiter.train.synthesis.SynthesisResult;
import dev.orbiter.train.synthesis.TemplateSynthesiser;
import dev.orbiter.train.trainer.TrainConfig;
import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.Trainer;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.DefaultStrategy;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.trajectory.TrajectoryStrategy;
import dev.orbiter.train.verl.RewardSpec;
import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.VeRLTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every code example of the training guide (../shared/seeds/orbiter-train-guide.md), in Java. */
class GuideExamplesTest {

    @TempDir
    Path dir;

    private static List<TrajectoryItem> seedData() {
        return IntStream.range(0, 20).mapToObj(i -> TrajectoryItem.builder().state("question " + i + " about topic")
                .action("answer " + i).reward(i / 20.0 + 0.05).build()).collect(Collectors.toList());
    }

    @Test
    void basicUsage() {
        TrajectoryDataset dataset = new TrajectoryDataset();
        dataset.capture(TrajectoryItem.builder().state("User asks about Python")
                .action("search(query='Python programming')").reward(0.8).build());
        dataset.exportJson(dir.resolve("training_data.json"));
        assertThat(TrajectoryDataset.readJson(dir.resolve("training_data.json")).items()).isEqualTo(dataset.items());
    }

    @Test
    void trajectoryItem() {
        TrajectoryItem item = TrajectoryItem.builder().state("The user asked about Python decorators")
                .action("respond(explanation='Decorators are...')").reward(0.9)
                .metadata(Map.of("agent", "assistant", "step", 3)).build();
        assertThat(item.state()).isEqualTo("The user asked about Python decorators");
        assertThat(item.reward()).isEqualTo(0.9);
        assertThat(item.metadata()).containsEntry("step", 3);
    }

    @Test
    void trajectoryDataset() {
        TrajectoryDataset dataset = new TrajectoryDataset();
        dataset.capture(TrajectoryItem.of("s1", "a1", 0.7));
        dataset.capture(TrajectoryItem.of("s2", "a2", 0.9));
        assertThat(dataset.size()).isEqualTo(2);
        List<TrajectoryItem> items = dataset.items();
        assertThat(items).extracting(TrajectoryItem::state).containsExactly("s1", "s2");
        dataset.exportJson(dir.resolve("trajectories.json"));
        dataset.exportCsv(dir.resolve("trajectories.csv"));
        assertThat(dir.resolve("trajectories.json")).exists();
        assertThat(TrajectoryDataset.readCsv(dir.resolve("trajectories.csv")).items()).isEqualTo(items);
    }

    /** The guide's FilteredStrategy: only keep high-reward trajectories, reward clamped to [0, 1]. */
    static final class FilteredStrategy implements TrajectoryStrategy {
        @Override
        public boolean shouldCapture(TrajectoryItem item) {
            return item.reward() != null && item.reward() >= 0.5;
        }

        @Override
        public TrajectoryItem process(TrajectoryItem item) {
            return TrajectoryItem.builder().state(item.state()).action(item.action())
                    .reward(Math.min(1.0, Math.max(0.0, item.reward()))).build();
        }
    }

    @Test
    void trajectoryStrategy() {
        TrajectoryDataset dataset = new TrajectoryDataset(new FilteredStrategy());
        dataset.capture(TrajectoryItem.of("low", "a", 0.2));
        dataset.capture(TrajectoryItem.of("high", "a", 1.4));
        assertThat(dataset.items()).singleElement().satisfies(i -> assertThat(i.reward()).isEqualTo(1.0));
        assertThat(new TrajectoryDataset().strategy()).isInstanceOf(DefaultStrategy.class);
    }

    @Test
    void pipelineBasedSynthesis() {
        SynthesisConfig config = SynthesisConfig.builder().targetSize(1000).minScore(0.7).dedupThreshold(0.9).build();
        DataSynthesiser mySynthesiser = (source, cfg) -> {
            List<TrajectoryItem> out = new ArrayList<>();
            for (int i = 0; out.size() < cfg.numSamples(); i++) {
                out.add(Synthesis.augmentSwapIo(source.get(i % source.size())));
            }
            return out;
        };
        SynthesisPipeline pipeline = new SynthesisPipeline(config);
        pipeline.addStep(mySynthesiser);
        SynthesisResult result = pipeline.run(seedData());
        assertThat(result.generatedCount()).isEqualTo(1000);
        assertThat(result.filteredCount()).as("13 of 20 score below 0.7").isEqualTo(13);
    }

    @Test
    void templateBasedSynthesis() {
        TemplateSynthesiser synthesiser = TemplateSynthesiser.ofTemplates(
                List.of("Explain {concept} in simple terms", "What are the pros and cons of {concept}?",
                        "Compare {concept_a} with {concept_b}"),
                Map.of("concept", List.of("Python", "JavaScript", "Rust"), "concept_a", List.of("REST", "GraphQL"),
                        "concept_b", List.of("gRPC", "WebSocket")));
        List<TrajectoryItem> items = synthesiser.generate(50);
        assertThat(items).hasSize(50).allSatisfy(i -> assertThat(i.input()).doesNotContain("{"));
    }

    @Test
    void dataAugmentationFunctions() {
        List<TrajectoryItem> data = seedData();
        List<TrajectoryItem> noisy = Synthesis.augmentAddNoise(data, 0.1, null);
        List<TrajectoryItem> swapped = Synthesis.augmentSwapIo(data);
        List<TrajectoryItem> filtered = Synthesis.filterByScore(data, 0.7);
        List<TrajectoryItem> unique = Synthesis.deduplicate(data, 0.9);
        List<List<TrajectoryItem>> parts = Synthesis.splitDataset(data, new double[] {0.8, 0.1, 0.1}, null);
        assertThat(noisy).hasSize(20);
        assertThat(swapped).hasSize(20);
        assertThat(filtered).hasSize(7);
        assertThat(unique).hasSize(20);
        assertThat(parts).extracting(List::size).containsExactly(16, 2, 2);
    }

    /** The guide's MyTrainer: checks, then a train and an evaluate that report fixed metrics. */
    static final class MyTrainer extends Trainer {
        private Object agent;
        private List<?> dataset = List.of();
        private Object rewardFn;

        MyTrainer(TrainConfig config) {
            super(config);
        }

        @Override
        public void checkAgent(Object agent) {
            if (agent == null) {
                throw new TrainerError("agent must not be null");
            }
            this.agent = agent;
        }

        @Override
        public void checkDataset(Object trainData, Object testData) {
            if (!(trainData instanceof List) || ((List<?>) trainData).isEmpty()) {
                throw new TrainerError("dataset must not be empty");
            }
            this.dataset = (List<?>) trainData;
        }

        @Override
        public void checkReward(Object rewardFn) {
            if (rewardFn == null) {
                throw new TrainerError("reward function required");
            }
            this.rewardFn = rewardFn;
        }

        @Override
        public void checkConfig(Object config) {
            if (config().epochs() <= 0) {
                throw new TrainerError("epochs must be > 0");
            }
        }

        @Override
        public TrainMetrics train() {
            requireValidated();
            transition(dev.orbiter.train.trainer.TrainerState.TRAINING);
            transition(dev.orbiter.train.trainer.TrainerState.COMPLETED);
            return new TrainMetrics(0.5, 0.85, dataset.size(), Map.of("agent", String.valueOf(agent)));
        }

        @Override
        public TrainMetrics evaluate(Object testData) {
            return new TrainMetrics(0.3, 0.90);
        }
    }

    @Test
    void trainer() {
        MyTrainer trainer = new MyTrainer(TrainConfig.builder().epochs(3).batchSize(16).learningRate(2e-5).build());
        trainer.checkAgent("agent");
        trainer.checkDataset(seedData());
        trainer.checkReward((dev.orbiter.train.verl.RewardFunction) i -> 1.0);
        trainer.checkConfig(null);
        trainer.markValidated();
        assertThat(trainer.train().accuracy()).isEqualTo(0.85);
        assertThat(trainer.evaluate().accuracy()).isEqualTo(0.90);
    }

    @Test
    void trainConfig() {
        TrainConfig config = TrainConfig.builder().epochs(10).batchSize(32).learningRate(1e-4).warmupSteps(100)
                .evalEvery(500).build();
        assertThat(config.epochs()).isEqualTo(10);
        assertThat(config.extra()).containsEntry("warmup_steps", 100).containsEntry("eval_every", 500);
    }

    /** The guide's MyStrategy: candidates are scored numbers; select keeps the top half; mutate nudges. */
    static final class MyStrategy implements EvolutionStrategy<Double> {
        @Override
        public List<TrajectoryItem> synthesise(Double agent, List<TrajectoryItem> data, int epoch) {
            return List.of();
        }

        @Override
        public double train(Double agent, List<TrajectoryItem> data, int epoch) {
            return 0;
        }

        @Override
        public double evaluate(Double candidate, List<TrajectoryItem> data, int epoch) {
            return 1.0 - Math.abs(candidate - 0.75); // best at 0.75
        }

        @Override
        public Double mutate(Double candidate, Random rng) {
            return candidate + rng.nextGaussian() * 0.05;
        }
    }

    @Test
    void evolutionPipeline() {
        EvolutionConfig config = EvolutionConfig.builder().epochs(5).populationSize(20).selectionRatio(0.5)
                .mutationRate(0.1).seed(42L).build();
        EvolutionPipeline<Double> pipeline = new EvolutionPipeline<>(new MyStrategy(), config);
        List<Double> initialPopulation = IntStream.range(0, 20).mapToObj(i -> i / 20.0).collect(Collectors.toList());
        EvolutionResult<Double> result = pipeline.runPopulation(initialPopulation, List.of());
        assertThat(result.bestScore()).isGreaterThanOrEqualTo(0.95);
        assertThat(result.epochsCompleted()).isEqualTo(5);
    }

    @Test
    void veRLIntegration() {
        VeRLConfig config = VeRLConfig.builder().algorithm(VeRLAlgorithm.PPO).epochs(3).batchSize(16)
                .learningRate(1e-5).klCoef(0.1).clipRange(0.2).build();
        RewardSpec reward = RewardSpec.builder().name("helpfulness").weight(1.0).fn(i -> i.output().length()).build();
        VeRLTrainer trainer = new VeRLTrainer(config, List.of(reward)).withVerlAvailabilityCheck(() -> false);
        TrajectoryDataset dataset = new TrajectoryDataset();
        dataset.capture(TrajectoryItem.of("q", "a", 1.0));
        // With the default VERL backend and no VeRL installed, training fails with the install hint.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.train(dataset))
                .isInstanceOf(TrainerError.class).hasMessageContaining("VeRL is required");
        assertThat(trainer.verlParameters()).containsEntry("algorithm", "ppo").containsEntry("epochs", 3);
    }

    @Test
    void rewardSpec() {
        List<RewardSpec> rewards = List.of(
                RewardSpec.builder().name("accuracy").weight(0.6).fn(i -> 1.0).build(),
                RewardSpec.builder().name("brevity").weight(0.2).fn(i -> 0.5).build(),
                RewardSpec.builder().name("safety").weight(0.2).fn(i -> 0.0).build());
        assertThat(RewardSpec.combine(rewards).score(TrajectoryItem.of("s", "a", 0))).isCloseTo(0.7,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Files.exists(dir)).isTrue();
    }
}
