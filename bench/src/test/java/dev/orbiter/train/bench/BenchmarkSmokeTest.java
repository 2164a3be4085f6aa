package dev.orbiter.train.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.synthesis.NearDupCorpus;
import dev.orbiter.train.synthesis.Synthesis;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each benchmark body once on small inputs: it works and produces output (no timing asserted). */
class BenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void pipelineBenchmarkBodyExportsTheCuratedItems() {
        Path out = dir.resolve("out.jsonl");
        int exported = PipelineBenchmark.run(Items.generate(10_000, 1), out);
        assertThat(exported).isPositive();
        assertThat(TrajectoryDataset.readJsonl(out).size()).isEqualTo(exported);
    }

    @Test
    void generatedIdsAreTwelveHexDigitsAsStringFormatWritesThem() {
        for (int i : new int[] {0, 1, 15, 16, 4095, 999_999, 0xfffffff, Integer.MAX_VALUE}) {
            assertThat(Items.hex12(i)).isEqualTo(String.format("%012x", i));
        }
        assertThat(Items.generate(3, 1).get(2).id()).isEqualTo("000000000002");
    }

    @Test
    void nearDupBenchmarkBodyDropsNearCopies() {
        int kept = Synthesis.deduplicate(NearDupCorpus.items(5_000, 42), 0.8).size();
        assertThat(kept).isLessThan(5_000).isGreaterThan(4_000);
        assertThat(Files.exists(dir)).isTrue();
    }

    @Test
    void theAgentCorpusHasVariedLengthsAndFewCopies() {
        List<TrajectoryItem> items = AgentCorpus.generate(5_000, 7);
        IntSummaryStatistics prompts = items.stream().mapToInt(i -> i.input().length()).summaryStatistics();
        long distinct = items.stream().map(TrajectoryItem::input).distinct().count();

        assertThat(prompts.getMin()).isLessThan(100);
        assertThat(prompts.getMax()).isGreaterThan(2_000);
        assertThat(distinct).as("about 3% exact repeats").isBetween(4_750L, 4_900L);
        assertThat(items.stream().map(TrajectoryItem::input).filter(s -> s.startsWith("What is"))).isEmpty();
    }

    @Test
    void everyColdStartWorkloadRunsOnASmallInput() throws Exception {
        for (String name : ColdWorkload.NAMES) {
            assertThat(ColdWorkload.run(name, 2_000)).as(name).isPositive();
        }
    }

    @Test
    void aFigureTwoBenchmarksBothWriteIsRefusedInsteadOfOverwritten() {
        Map<String, Object> figures = new LinkedHashMap<>();
        BenchHarness.merge(figures, Map.of("capture_records", 100_000));
        BenchHarness.merge(figures, Map.of("curation_records", 50_000));

        assertThat(figures).containsEntry("capture_records", 100_000).containsEntry("curation_records", 50_000);
        assertThatThrownBy(() -> BenchHarness.merge(figures, Map.of("curation_records", 2_000)))
                .hasMessageContaining("curation_records");
    }
}
