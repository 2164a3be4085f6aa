package dev.orbiter.train.verl.local;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * How the LOCAL trainer spreads work over cores: independent items (groups to score, chunks of
 * a gradient) on the common fork-join pool. Results never depend on how many threads ran them:
 * callers write into per-index slots and combine those in index order.
 */
final class Parallel {

    /**
     * A step's gradient is summed in this many fixed chunks, whatever the core count, so the
     * floating-point sums (and so the weights) are the same on every machine.
     */
    static final int GRADIENT_CHUNKS = 16;

    private Parallel() {
    }

    /** Runs {@code task} for 0 .. n-1, in parallel; an exception in any is rethrown. */
    static void forEach(int n, IntConsumer task) {
        IntStream.range(0, n).parallel().forEach(task);
    }
}
