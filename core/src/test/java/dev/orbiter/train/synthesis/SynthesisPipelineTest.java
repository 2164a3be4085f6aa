package dev.orbiter.train.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SynthesisPipelineTest {

    private static TrajectoryItem item(String input, double score) {
        return TrajectoryItem.builder().input(input).output("out-" + input).score(score).build();
    }

    @Test
    void runFiltersDedupsSynthesisesAndSplitsWithMetadata() {
        SynthesisConfig config = SynthesisConfig.builder().numSamples(20).minScore(0.5).seed(7L).trainRatio(0.8).build();
        List<TrajectoryItem> source = List.of(item("a", 0.9), item("b", 0.1), item("a", 0.8), item("c", 0.6));
        SynthesisResult result = new SynthesisPipeline(config).run(source);
        assertThat(result.total()).isEqualTo(20);
        assertThat(result.trainCount()).isEqualTo(16);
        assertThat(result.testCount()).isEqualTo(4);
        assertThat(result.metadata()).containsEntry("source_count", 4).containsEntry("after_filter", 3)
                .containsEntry("after_dedup", 2).containsEntry("synthesised", 20).containsEntry("strategy", "template");
        assertThat(result.generatedCount()).isEqualTo(20);
        assertThat(result.filteredCount()).isEqualTo(2);
        assertThat(result.items()).allSatisfy(i -> assertThat(i.input()).startsWith("out-"));
        assertThat(new SynthesisPipeline(config).run(source).items()).extracting(TrajectoryItem::input)
                .as("seeded runs repeat").containsExactlyElementsOf(result.items().stream()
                        .map(TrajectoryItem::input).collect(Collectors.toList()));
    }

    @Test
    void givenEverythingFiltered_whenRun_thenAnEmptyResultSaysSo() {
        SynthesisConfig config = SynthesisConfig.builder().minScore(0.99).build();
        SynthesisResult result = new SynthesisPipeline(config).run(List.of(item("a", 0.1)));
        assertThat(result.total()).isZero();
        assertThat(result.metadata()).isEqualTo(Map.of("source_count", 1, "filtered", true));
    }

    @Test
    void nearDuplicateThresholdAppliesToTheSource() {
        SynthesisConfig config = SynthesisConfig.builder().dedupThreshold(0.7).numSamples(3).seed(1L).build();
        SynthesisResult result = new SynthesisPipeline(config).run(List.of(
                item("one two three four five six seven eight nine ten", 1),
                item("one two three four five six seven eight nine eleven", 1)));
        assertThat(result.metadata()).containsEntry("after_dedup", 1);
    }

    @Test
    void addedStepsChainEachOutputIntoTheNext() {
        SynthesisPipeline pipeline = new SynthesisPipeline(SynthesisConfig.builder().seed(1L).build());
        pipeline.addStep((source, cfg) -> source.stream().map(i -> i.toBuilder().input(i.input() + "+1").build())
                .collect(Collectors.toList()));
        pipeline.addStep((source, cfg) -> source.stream().map(i -> i.toBuilder().input(i.input() + "+2").build())
                .collect(Collectors.toList()));
        assertThat(pipeline.synthesisers()).hasSize(2);
        SynthesisResult result = pipeline.run(List.of(item("x", 1)));
        assertThat(result.items()).extracting(TrajectoryItem::input).containsExactly("x+1+2");
    }

    @Test
    void strategyChoosesTheDefaultSynthesiser() {
        assertThat(new SynthesisPipeline().synthesisers()).singleElement().isInstanceOf(TemplateSynthesiser.class);
        assertThat(new SynthesisPipeline(SynthesisConfig.builder().strategy(SynthesisStrategy.AUGMENT).build())
                .synthesisers()).singleElement().isInstanceOf(AugmentSynthesiser.class);
        assertThat(new SynthesisPipeline(SynthesisConfig.builder().strategy(SynthesisStrategy.LLM).build())
                .synthesisers()).singleElement().isInstanceOf(LlmSynthesiser.class);
        assertThat(new SynthesisPipeline().toString()).contains("SynthesisPipeline", "template", "10");
    }

    @Test
    void augmentStrategyMixesSwapAndNoise() {
        SynthesisConfig config = SynthesisConfig.builder().strategy(SynthesisStrategy.AUGMENT).numSamples(40)
                .seed(3L).build();
        SynthesisResult result = new SynthesisPipeline(config).run(List.of(item("abcdefghij", 1)));
        assertThat(result.items()).extracting(i -> i.metadata().get("augmented"))
                .contains("swap_io", "noise").hasSize(40);
    }

    @Test
    void templateTransformsPickSourceItemsUntilNumSamples() {
        UnaryOperator<TrajectoryItem> upper = i -> i.toBuilder().input(i.input().toUpperCase()).build();
        TemplateSynthesiser synth = new TemplateSynthesiser(List.of(upper));
        List<TrajectoryItem> out = synth.synthesise(List.of(item("a", 1), item("b", 1)),
                SynthesisConfig.builder().numSamples(5).seed(2L).build());
        assertThat(out).hasSize(5).allSatisfy(i -> assertThat(i.input()).isIn("A", "B"));
        assertThat(synth.synthesise(List.of(), SynthesisConfig.defaults())).isEmpty();
    }

    @Test
    void templatesFillVariablesAndRejectUnknownOnesAtConstruction() {
        TemplateSynthesiser synth = TemplateSynthesiser.ofTemplates(
                List.of("Explain {concept} in {{simple}} terms"), Map.of("concept", List.of("Rust")));
        assertThat(synth.generate(2, 1L)).extracting(TrajectoryItem::input)
                .containsOnly("Explain Rust in {simple} terms");
        assertThatThrownBy(() -> TemplateSynthesiser.ofTemplates(List.of("Compare {a} and {b}"),
                Map.of("a", List.of("x")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'");
        assertThat(synth.generate(0)).isEmpty();
    }
}
