package dev.orbiter.train.client.capture;

import dev.orbiter.train.trajectory.DefaultStrategy;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.trajectory.TrajectoryStrategy;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link TrajectoryDataset} whose captures also go to Kafka: code written against the core API
 * gains Kafka by changing {@code new TrajectoryDataset()} to
 * {@code new KafkaTrajectoryDataset(emitter)}. Every item that enters the dataset (capture,
 * append, fromMessages) is emitted; {@link #flush()} waits for all acknowledgements and throws
 * the first failure, so nothing is lost silently.
 */
public class KafkaTrajectoryDataset extends TrajectoryDataset {

    private final TrajectoryEmitter emitter;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    public KafkaTrajectoryDataset(TrajectoryEmitter emitter) {
        this(emitter, new DefaultStrategy());
    }

    public KafkaTrajectoryDataset(TrajectoryEmitter emitter, TrajectoryStrategy strategy) {
        super(strategy);
        this.emitter = emitter;
    }

    @Override
    protected void onAppend(TrajectoryItem item) {
        emitter.emit(item).whenComplete((done, error) -> {
            if (error != null) {
                firstFailure.compareAndSet(null, error);
            }
        });
    }

    /**
     * Waits until Kafka acknowledged every item captured so far.
     *
     * @throws CompletionException with the first failure since the last flush
     */
    public void flush() {
        emitter.flush();
        Throwable failure = firstFailure.getAndSet(null);
        if (failure != null) {
            throw new CompletionException("an item captured to Kafka was not written", failure);
        }
    }
}
