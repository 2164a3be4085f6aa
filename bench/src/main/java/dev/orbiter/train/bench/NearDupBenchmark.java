package dev.orbiter.train.bench;

import dev.orbiter.train.synthesis.NearDupCorpus;
import dev.orbiter.train.synthesis.Synthesis;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Near-duplicate dedup (MinHash + LSH, exact Jaccard confirmation) at threshold 0.8 on 200,000
 * items of about 40 words with about 10% near copies ({@link NearDupCorpus}). Reported per item.
 * Agreement with exact Jaccard is measured in {@code NearDuplicateIndexTest} on the same corpus
 * generator (an exact quadratic pass over 200,000 items is out of reach here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NearDupBenchmark {

    public static final int ITEMS = 200_000;

    private List<TrajectoryItem> items;

    @Setup(Level.Trial)
    public void setUp() {
        items = NearDupCorpus.items(ITEMS, 42);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int nearDuplicateDedup() {
        return Synthesis.deduplicate(items, 0.8).size();
    }
}
