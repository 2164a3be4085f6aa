package dev.orbiter.train.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SynthesisTest {

    private static TrajectoryItem item(String input, Double score) {
        return TrajectoryItem.builder().input(input).output("out-" + input).score(score)
                .metadata(Map.of("src", input)).build();
    }

    @Test
    void augmentSwapIoTurnsTheAnswerIntoTheQuestion() {
        TrajectoryItem original = item("What is 2+2?", 0.9);
        TrajectoryItem swapped = Synthesis.augmentSwapIo(original);
        assertThat(swapped.id()).isNotEqualTo(original.id());
        assertThat(swapped.input()).isEqualTo("Given this answer: out-What is 2+2?\nWhat was the original question?");
        assertThat(swapped.output()).isEqualTo("What is 2+2?");
        assertThat(swapped.metadata()).containsEntry("augmented", "swap_io").containsEntry("src", "What is 2+2?");
        assertThat(swapped.score()).isEqualTo(0.9);
        assertThat(Synthesis.augmentSwapIo(List.of(original, original))).hasSize(2);
    }

    @Test
    void augmentAddNoiseMarksRephrasedOrAppliesTheFunction() {
        TrajectoryItem original = item("hello", 0.5);
        TrajectoryItem noisy = Synthesis.augmentAddNoise(original);
        assertThat(noisy.input()).isEqualTo("hello (rephrased)");
        assertThat(noisy.metadata()).containsEntry("augmented", "noise");
        assertThat(noisy.id()).isNotEqualTo(original.id());
        assertThat(Synthesis.augmentAddNoise(original, String::toUpperCase).input()).isEqualTo("HELLO");
    }

    @Test
    void listNoisePerturbsTheGivenShareOfCharactersDeterministically() {
        TrajectoryItem original = item("abcdefghijklmnopqrst", 0.5);
        List<TrajectoryItem> a = Synthesis.augmentAddNoise(List.of(original), 0.25, 42L);
        List<TrajectoryItem> b = Synthesis.augmentAddNoise(List.of(original), 0.25, 42L);
        String noisy = a.get(0).input();
        int changed = 0;
        for (int i = 0; i < noisy.length(); i++) {
            changed += noisy.charAt(i) != original.input().charAt(i) ? 1 : 0;
        }
        assertThat(changed).isEqualTo(5);
        assertThat(b.get(0).input()).isEqualTo(noisy);
        assertThat(Synthesis.augmentAddNoise(List.of(original), 0.0, 1L).get(0).input()).isEqualTo(original.input());
        assertThatThrownBy(() -> Synthesis.augmentAddNoise(List.of(original), 1.5, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noiseLevel");
    }

    @Test
    void filterByScoreIsInclusiveDropsNullScoresAndKeepsOrder() {
        List<TrajectoryItem> items = List.of(item("a", 0.7), item("b", null), item("c", 0.69), item("d", 0.9));
        assertThat(Synthesis.filterByScore(items, 0.7)).extracting(TrajectoryItem::input).containsExactly("a", "d");
        TrajectoryItem withQuality = item("q", null).withMetadata(Map.of("quality", 3));
        assertThat(Synthesis.filterByScore(List.of(withQuality), 2.0, "quality")).hasSize(1);
        assertThat(Synthesis.filterByScore(List.of(withQuality), 4.0, "quality")).isEmpty();
    }

    @Test
    void exactDedupKeepsTheFirstOccurrenceOnAnyKey() {
        List<TrajectoryItem> items = List.of(item("a", 1.0), item("b", 1.0), item("a", 0.0));
        assertThat(Synthesis.deduplicate(items)).extracting(TrajectoryItem::score).containsExactly(1.0, 1.0);
        assertThat(Synthesis.deduplicate(items, "score")).extracting(TrajectoryItem::input).containsExactly("a", "a");
        assertThat(Synthesis.deduplicate(items, "src")).hasSize(2);
        assertThat(Synthesis.deduplicate(items, "missing")).as("a missing key counts as \"\"").hasSize(1);
    }

    @Test
    void nearDedupDropsItemsSimilarToAnEarlierKeptOne() {
        List<TrajectoryItem> items = List.of(
                item("the quick brown fox jumps over the lazy dog today", 1.0),
                item("the quick brown fox jumps over the lazy dog tomorrow", 1.0),
                item("completely different words here", 1.0));
        assertThat(Synthesis.deduplicate(items, 0.7)).extracting(TrajectoryItem::input)
                .containsExactly(items.get(0).input(), items.get(2).input());
        assertThat(Synthesis.deduplicate(items, 0.95)).hasSize(3);
    }

    @Test
    void twoWaySplitGivesAtLeastOneTrainItemAndIsSeeded() {
        List<TrajectoryItem> items = NearDupCorpus.items(10, 1);
        Synthesis.Split split = Synthesis.splitDataset(items, 0.75, 5L);
        assertThat(split.train()).hasSize(7);
        assertThat(split.test()).hasSize(3);
        assertThat(Synthesis.splitDataset(items, 0.75, 5L)).isEqualTo(split);
        assertThat(Synthesis.splitDataset(items.subList(0, 1), 0.1, 5L).train()).hasSize(1);
        Synthesis.Split empty = Synthesis.splitDataset(List.of(), 0.5, 1L);
        assertThat(empty.train()).isEmpty();
        assertThat(empty.test()).isEmpty();
    }

    @Test
    void nWaySplitValidatesRatios() {
        List<TrajectoryItem> items = NearDupCorpus.items(10, 1);
        List<List<TrajectoryItem>> parts = Synthesis.splitDataset(items, new double[] {0.8, 0.1, 0.1}, 3L);
        assertThat(parts).extracting(List::size).containsExactly(8, 1, 1);
        assertThatThrownBy(() -> Synthesis.splitDataset(items, new double[] {0.5, 0.4}, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> Synthesis.splitDataset(items, new double[] {1.2, -0.2}, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void configValidationNamesTheFieldAndValue() {
        assertThatThrownBy(() -> SynthesisConfig.builder().numSamples(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("numSamples must be >= 1, got 0");
        assertThatThrownBy(() -> SynthesisConfig.builder().trainRatio(0.0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trainRatio");
        assertThatThrownBy(() -> SynthesisConfig.builder().trainRatio(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThat(SynthesisConfig.builder().trainRatio(1.0).build().trainRatio()).isEqualTo(1.0);
        assertThatThrownBy(() -> SynthesisConfig.builder().dedupThreshold(0.0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dedupThreshold");
        SynthesisConfig defaults = new SynthesisConfig();
        assertThat(defaults.strategy()).isEqualTo(SynthesisStrategy.TEMPLATE);
        assertThat(defaults.numSamples()).isEqualTo(10);
        assertThat(defaults.trainRatio()).isEqualTo(0.9);
        assertThat(defaults.minScore()).isNull();
        assertThat(defaults.dedupThreshold()).isNull();
        assertThat(SynthesisConfig.builder().targetSize(1000).build().numSamples()).isEqualTo(1000);
    }

    @Test
    void strategyValuesRoundTrip() {
        assertThat(SynthesisStrategy.LLM.value()).isEqualTo("llm");
        assertThat(SynthesisStrategy.AUGMENT.toString()).isEqualTo("augment");
        assertThat(SynthesisStrategy.fromValue("template")).isEqualTo(SynthesisStrategy.TEMPLATE);
        assertThatThrownBy(() -> SynthesisStrategy.fromValue("magic")).isInstanceOf(IllegalArgumentException.class);
    }
}
