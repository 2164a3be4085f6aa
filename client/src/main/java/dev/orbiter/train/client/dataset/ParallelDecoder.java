package dev.orbiter.train.client.dataset;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a snapshot's records into items on a few threads while the consumer keeps fetching,
 * and hands them back in storage order. Decoding (Avro, then the item mapping) costs several times
 * what fetching does, so on more than one core this is what lets a snapshot read keep up with a raw
 * consumer. A record that does not decode fails the whole read, naming its offset.
 */
final class ParallelDecoder implements AutoCloseable {

    private static final int CHUNK = 512;

    /** A record that does not decode, at its offset. */
    static final class Undecodable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long offset;

        Undecodable(long offset, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.offset = offset;
        }
    }

    private final ExecutorService pool;
    private final Deserializer<TrajectoryStep> steps;
    private final String topic;
    /** Items must be of this tenant or of none; null: no check. */
    private final String tenant;
    private final java.util.concurrent.atomic.AtomicLong foreign = new java.util.concurrent.atomic.AtomicLong();
    private final List<Future<List<TrajectoryItem>>> parts = new ArrayList<>();
    private long[] offsets = new long[CHUNK];
    private byte[][] values = new byte[CHUNK][];
    private int size;

    ParallelDecoder(Deserializer<TrajectoryStep> steps, String topic, String tenant) {
        this.steps = steps;
        this.topic = topic;
        this.tenant = tenant;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "orbiter-snapshot-decode");
            t.setDaemon(true);
            return t;
        });
    }

    void add(long offset, byte[] value) {
        offsets[size] = offset;
        values[size++] = value;
        if (size == CHUNK) {
            submit();
        }
    }

    private void submit() {
        long[] o = offsets;
        byte[][] v = values;
        int n = size;
        parts.add(pool.submit(() -> decode(o, v, n)));
        offsets = new long[CHUNK];
        values = new byte[CHUNK][];
        size = 0;
    }

    private List<TrajectoryItem> decode(long[] o, byte[][] v, int n) {
        List<TrajectoryItem> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                TrajectoryStep step = steps.deserialize(topic, v[i]);
                if (tenant != null && step.getTenant() != null && !tenant.equals(step.getTenant())) {
                    foreign.incrementAndGet();
                }
                out.add(StepCodec.toItem(step));
            } catch (RuntimeException e) {
                throw new Undecodable(o[i], e);
            }
        }
        return out;
    }

    /** Every item in the order added; throws {@link Undecodable} for the first record that did not decode. */
    List<TrajectoryItem> finish(int expected) {
        if (size > 0) {
            submit();
        }
        List<TrajectoryItem> items = new ArrayList<>(expected);
        for (Future<List<TrajectoryItem>> part : parts) {
            items.addAll(join(part, e -> e instanceof Undecodable u ? u : new IllegalStateException(e.getMessage(), e)));
        }
        return items;
    }

    private static <T> T join(Future<T> f, Function<Throwable, RuntimeException> wrap) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw wrap.apply(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding a snapshot", e);
        }
    }

    /** Items of another tenant than the one given (after {@link #finish}). */
    long foreign() {
        return foreign.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
