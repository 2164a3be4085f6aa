package dev.orbiter.train.bench;

import dev.orbiter.train.synthesis.Synthesis;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The in-memory curation pipeline of the core library on generated items: score filter
 * (min 0.3), exact dedup on input, seeded 90/10 split, JSONL export of the train part to a file.
 * Reported per item of the input (ops = items).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {

    public static final int ITEMS = 1_000_000;

    @Param({"1000000"})
    public int size;

    private List<TrajectoryItem> items;
    private Path out;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        items = Items.generate(size, 42);
        out = Files.createTempFile("bench-pipeline", ".jsonl");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(out);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int filterDedupSplitExport() {
        return run(items, out);
    }

    /** One pass of the pipeline; returns the number of exported items. */
    public static int run(List<TrajectoryItem> items, Path out) {
        List<TrajectoryItem> kept = Synthesis.filterByScore(items, 0.3);
        List<TrajectoryItem> unique = Synthesis.deduplicate(kept, "input");
        Synthesis.Split split = Synthesis.splitDataset(unique, 0.9, 7L);
        TrajectoryDataset.writeJsonl(split.train(), out);
        return split.train().size();
    }
}
