package dev.orbiter.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.synthesis.Synthesis;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Property-based tests: splits, dedup and file round trips over generated items. */
class PropertiesTest {

    @Property(tries = 200)
    void twoWaySplitSizesAndDeterminism(@ForAll("items") @Size(max = 40) List<TrajectoryItem> items,
                                        @ForAll @DoubleRange(min = 0.01, max = 1.0) double ratio,
                                        @ForAll long seed) {
        Synthesis.Split a = Synthesis.splitDataset(items, ratio, seed);
        assertThat(a).isEqualTo(Synthesis.splitDataset(items, ratio, seed));
        int n = items.size();
        assertThat(a.train()).hasSize(n == 0 ? 0 : Math.min(n, Math.max(1, (int) (n * ratio))));
        assertThat(a.train().size() + a.test().size()).isEqualTo(n);
        assertThat(Stream.concat(a.train().stream(), a.test().stream()).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(items);
    }

    @Property(tries = 200)
    void nWaySplitPartsSumToN(@ForAll("items") @Size(max = 40) List<TrajectoryItem> items,
                              @ForAll @IntRange(min = 1, max = 5) int parts, @ForAll long seed) {
        double[] ratios = new double[parts];
        java.util.Arrays.fill(ratios, 1.0 / parts);
        ratios[parts - 1] = 1.0 - (parts - 1) * (1.0 / parts);
        List<List<TrajectoryItem>> split = Synthesis.splitDataset(items, ratios, seed);
        assertThat(split).hasSize(parts);
        assertThat(split.stream().mapToInt(List::size).sum()).isEqualTo(items.size());
        assertThat(Synthesis.splitDataset(items, ratios, seed)).isEqualTo(split);
    }

    @Property(tries = 200)
    void exactDedupIsIdempotentAndKeepsFirstOccurrencesInOrder(@ForAll("dupItems") List<TrajectoryItem> items) {
        List<TrajectoryItem> once = Synthesis.deduplicate(items);
        assertThat(Synthesis.deduplicate(once)).isEqualTo(once);
        assertThat(once.stream().map(TrajectoryItem::input).distinct().count()).isEqualTo(once.size());
        List<TrajectoryItem> firsts = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TrajectoryItem i : items) {
            if (seen.add(i.input())) {
                firsts.add(i);
            }
        }
        assertThat(once).isEqualTo(firsts);
    }

    @Property(tries = 100)
    void nearDedupIsIdempotentAndAnOrderedSubsequence(@ForAll("dupItems") List<TrajectoryItem> items,
                                                      @ForAll @DoubleRange(min = 0.3, max = 1.0) double threshold) {
        List<TrajectoryItem> once = Synthesis.deduplicate(items, threshold);
        assertThat(Synthesis.deduplicate(once, threshold)).isEqualTo(once);
        assertThat(items).containsSubsequence(once);
    }

    @Property(tries = 150)
    void everyFileFormatRoundTripsArbitraryItems(@ForAll("items") @Size(max = 8) List<TrajectoryItem> items)
            throws IOException {
        TrajectoryDataset ds = new TrajectoryDataset();
        items.forEach(ds::appendTrajectory);
        Path dir = Files.createTempDirectory("props");
        try {
            ds.exportJson(dir.resolve("a.json"));
            ds.exportJsonl(dir.resolve("a.jsonl"));
            ds.exportCsv(dir.resolve("a.csv"));
            assertThat(maps(TrajectoryDataset.readJson(dir.resolve("a.json")).items())).isEqualTo(maps(items));
            assertThat(maps(TrajectoryDataset.readJsonl(dir.resolve("a.jsonl")).items())).isEqualTo(maps(items));
            assertThat(maps(TrajectoryDataset.readCsv(dir.resolve("a.csv")).items())).isEqualTo(maps(items));
            assertThat(TrajectoryDataset.readJsonl(dir.resolve("a.jsonl")).items()).isEqualTo(items);
            assertThat(TrajectoryDataset.readCsv(dir.resolve("a.csv")).items()).isEqualTo(items);
            assertThat(items.stream().map(i -> TrajectoryItem.fromMap(i.toMap())).collect(Collectors.toList()))
                    .isEqualTo(items);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }

    private static List<Map<String, Object>> maps(List<TrajectoryItem> items) {
        return items.stream().map(TrajectoryItem::toMap).collect(Collectors.toList());
    }

    @Provide
    Arbitrary<List<TrajectoryItem>> items() {
        return item().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<TrajectoryItem>> dupItems() {
        Arbitrary<String> inputs = Arbitraries.of("a b c d", "a b c e", "x y z", "", "a b c d e f", "p q");
        return inputs.map(s -> TrajectoryItem.builder().input(s).build()).list().ofMaxSize(30);
    }

    /** Any valid Unicode text (unpaired surrogates cannot be written as UTF-8 by any format). */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('\u0000', '\uD7FF')
                        .withCharRange('\uE000', '\uFFFD').ofMaxLength(30),
                Arbitraries.of("\"", ",", "\n", "\r\n", "\t", "{", "}", "[", "é", "😀", " ", "a", "b").list().ofMaxSize(20)
                        .map(parts -> String.join("", parts)));
    }

    private static Arbitrary<Object> jsonValue(int depth) {
        List<Arbitrary<?>> leaves = List.of(text(), Arbitraries.integers(), Arbitraries.longs(),
                Arbitraries.doubles().filter(Double::isFinite), Arbitraries.of(true, false), Arbitraries.just(null));
        Arbitrary<Object> leaf = Arbitraries.oneOf(leaves.stream().map(a -> a.map(v -> (Object) v))
                .collect(Collectors.toList()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = jsonValue(depth - 1).list().ofMaxSize(3).map(l -> (Object) l);
        Arbitrary<Object> map = Arbitraries.maps(text(), jsonValue(depth - 1)).ofMaxSize(3).map(m -> (Object) m);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, list),
                net.jqwik.api.Tuple.of(1, map));
    }

    private static Arbitrary<Map<String, Object>> jsonMap() {
        return Arbitraries.maps(text(), jsonValue(2)).ofMaxSize(4);
    }

    private static Arbitrary<TrajectoryItem> item() {
        Arbitrary<Double> score = Arbitraries.doubles().between(-1e6, 1e6).injectNull(0.2);
        Arbitrary<Instant> ts = Arbitraries.longs().between(0, 4_000_000_000_000_000L)
                .map(micros -> Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
        return Combinators.combine(text(), text(), text(), Arbitraries.integers().between(0, 10_000), ts, score,
                jsonMap(), jsonMap().list().ofMaxSize(2)).as((in, out, task, step, t, s, meta, msgs) ->
                TrajectoryItem.builder().taskId(task).agentId("agent").step(step).timestamp(t).input(in).output(out)
                        .score(s).metadata(meta).context(meta).messages(msgs).toolCalls(msgs)
                        .status(in.isEmpty() ? "error" : "success").build());
    }
}
