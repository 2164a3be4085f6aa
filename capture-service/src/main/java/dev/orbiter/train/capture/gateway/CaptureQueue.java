package dev.orbiter.train.capture.gateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's captures, built and handed to the producer on threads of their own, so the
 * agent's answer waits for neither. On shutdown the queue is drained before the producer closes:
 * a call answered a moment before a SIGTERM was otherwise sent to a closed producer and lost
 * (a replica stopped right after its last call lost that call).
 */
public final class CaptureQueue {

    private final ExecutorService threads;

    public CaptureQueue(int threads) {
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gateway-capture");
            t.setDaemon(true); // a stuck send must not keep the JVM alive; drain bounds the wait instead
            return t;
        });
    }

    /**
     * Runs {@code send} on a capture thread; completes when the send it starts does. A queue
     * that is draining refuses: the future fails, the caller's thread is never the one to throw.
     */
    public <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> send) {
        try {
            return CompletableFuture.supplyAsync(send, threads).thenCompose(s -> s);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the gateway is shutting down", e));
        }
    }

    /**
     * Takes no more captures and waits until every one taken has been handed to the producer
     * (whose close then waits for their acknowledgements). Returns false when {@code timeout}
     * ran out first.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        threads.shutdown();
        return threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
