package dev.orbiter.train.trajectory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;

/**
 * JSONL of many items encoded on several cores and written in order. Encoding is most of an
 * export's time (JFR of the core pipeline: string and number writing), and each line
 * depends only on its item, so blocks of items are encoded into byte arrays by the common pool
 * while the calling thread encodes too and writes the blocks in input order: the file is the
 * same bytes as a one-thread export. Items are read only on the calling thread, so any
 * {@link Iterable} works, and at most a few blocks are held in memory at a time.
 */
final class JsonlChunks {

    /** Items per block: large enough that a block's set-up is noise, small enough to balance. */
    static final int BLOCK = 2048;

    /** Items whose fields are read ahead of their encoding ({@link #touch}). */
    private static final int AHEAD = 32;

    private JsonlChunks() {
    }

    /** Writes the items as JSONL to {@code out}, in parallel when there is more than one block. */
    static void write(Iterable<TrajectoryItem> items, OutputStream out) throws IOException {
        // The common pool has at least one thread even on one core, where a hand-off only costs.
        int threads = commonPoolHasWorkers()
                ? Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1)
                : 1;
        write(items, out, ForkJoinPool.commonPool(), threads);
    }

    /**
     * False when the common pool was configured with parallelism 0: it then starts no worker (while
     * {@link ForkJoinPool#getCommonPoolParallelism} still reports 1), so what is queued there is
     * never taken off its queue: each export's blocks stayed on the heap, until an
     * OutOfMemoryError after about 30 exports of 398,496 items at {@code -Xmx4g}.
     */
    static boolean commonPoolHasWorkers() {
        Integer configured = Integer.getInteger("java.util.concurrent.ForkJoinPool.common.parallelism");
        return configured == null || configured > 0;
    }

    /**
     * Writes the items with blocks encoded on {@code pool}; {@code threads} (the pool's threads
     * plus the caller) sets how many blocks are in flight.
     */
    static void write(Iterable<TrajectoryItem> items, OutputStream out, Executor pool, int threads) throws IOException {
        Iterator<TrajectoryItem> it = items.iterator();
        List<TrajectoryItem> first = nextBlock(it);
        if (!it.hasNext() || threads < 2) { // one block, or one core: no hand-off
            encode(first).writeTo(out);
            while (it.hasNext()) {
                encode(nextBlock(it)).writeTo(out);
            }
            return;
        }
        ArrayDeque<FutureTask<JsonlEncoder[]>> inFlight = new ArrayDeque<>();
        int window = 2 * threads;
        try {
            submit(first, pool, inFlight);
            while (it.hasNext()) {
                submit(nextBlock(it), pool, inFlight);
                if (inFlight.size() >= window) {
                    takeOldest(inFlight).writeTo(out);
                }
            }
            while (!inFlight.isEmpty()) {
                takeOldest(inFlight).writeTo(out);
            }
        } finally {
            inFlight.forEach(task -> task.cancel(false)); // only after a failure: nothing waits for them
        }
    }

    private static List<TrajectoryItem> nextBlock(Iterator<TrajectoryItem> it) {
        List<TrajectoryItem> block = new ArrayList<>(BLOCK);
        while (block.size() < BLOCK && it.hasNext()) {
            block.add(it.next());
        }
        return block;
    }

    private static void submit(List<TrajectoryItem> block, Executor pool,
            ArrayDeque<FutureTask<JsonlEncoder[]>> inFlight) {
        FutureTask<JsonlEncoder[]> task = new FutureTask<>(() -> new JsonlEncoder[] {encode(block)});
        inFlight.addLast(task);
        pool.execute(task);
    }

    /**
     * The oldest block's bytes. While a pool thread encodes it, the caller encodes the newest
     * blocks nobody has started ({@link FutureTask#run} does nothing for a task already running or
     * done): the pool takes blocks oldest first and the caller newest first, so both cores work
     * and a busy pool never stalls the export.
     */
    private static JsonlEncoder takeOldest(ArrayDeque<FutureTask<JsonlEncoder[]>> inFlight)
            throws IOException {
        FutureTask<JsonlEncoder[]> task = inFlight.removeFirst();
        Iterator<FutureTask<JsonlEncoder[]>> newest = inFlight.descendingIterator();
        while (!task.isDone() && newest.hasNext()) {
            newest.next().run();
        }
        task.run();
        try {
            // A pool that has not run the task yet still holds it: it keeps the emptied holder, not the bytes.
            JsonlEncoder[] holder = task.get();
            JsonlEncoder lines = holder[0];
            holder[0] = null;
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while encoding JSONL", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IOException(cause);
        }
    }

    /**
     * One block as JSONL bytes: each item compact, then a line feed ({@link JsonlEncoder}). The
     * encoder is handed on as it is ({@link JsonlEncoder#writeTo}), so a block's bytes are not
     * copied again.
     */
    static JsonlEncoder encode(List<TrajectoryItem> block) throws IOException {
        JsonlEncoder lines = new JsonlEncoder(block.size() * 320);
        int n = block.size();
        for (int s = 0; s < n; s += AHEAD) {
            int e = Math.min(n, s + AHEAD);
            long t = 0;
            for (int i = s; i < e; i++) {
                t += touch(block.get(i));
            }
            lines.touched += t;
            for (int i = s; i < e; i++) {
                lines.line(block.get(i));
            }
        }
        return lines;
    }

    /**
     * Reads the fields of an item so that the lines after it find them in the cache: the items of
     * a shuffled split lie all over the heap, and a run of independent reads lets the CPU wait for
     * several of them at once where the encoder would wait for each in turn (about 5% of the
     * JSONL phase on 398,496 shuffled items, medians of 21 alternating in one JVM).
     */
    private static long touch(TrajectoryItem item) {
        return item.id().length() + item.taskId().length() + item.agentId().length() + item.input().length()
                + item.output().length() + item.status().length() + item.timestamp().getNano() + item.metadata().size()
                + item.messages().size() + item.toolCalls().size() + item.context().size();
    }
}
