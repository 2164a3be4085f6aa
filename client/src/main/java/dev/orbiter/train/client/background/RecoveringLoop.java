package dev.orbiter.train.client.background;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread that does not die of an exception: each failed round is logged, reported
 * as the loop's {@link #problem()} (readiness reads it) and retried after a backoff that doubles
 * up to {@code maxBackoff}; the first round that succeeds clears it. Only {@link #close()} (or a
 * Kafka wakeup it caused) ends the thread.
 */
public final class RecoveringLoop implements AutoCloseable {

    /** One round of the loop's work; {@link #close()} runs when the loop ends. */
    public interface Body {
        void round() throws Exception;

        default void close() {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecoveringLoop.class);

    private final String name;
    private final Body body;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Instant failingSince;
    private volatile String lastError;
    private volatile long failures;
    /** The backoff waits on it, so that close ends the wait without interrupting the thread (which Kafka's clients dislike). */
    private final Object pause = new Object();

    public RecoveringLoop(String name, Body body, Duration firstBackoff, Duration maxBackoff) {
        this.name = name;
        this.body = body;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Null while the last round succeeded; else what failed and since when. */
    public String problem() {
        Instant since = failingSince;
        return since == null ? null : name + " failing since " + since + ": " + lastError;
    }

    /** Rounds that failed since the start. */
    public long failures() {
        return failures;
    }

    public boolean alive() {
        return thread.isAlive();
    }

    private void run() {
        Duration backoff = firstBackoff;
        try {
            while (running) {
                try {
                    body.round();
                    failingSince = null;
                    backoff = firstBackoff;
                } catch (Exception e) {
                    if (!running) {
                        return; // closing: the wakeup or interrupt that ended the round is ours
                    }
                    failures++;
                    lastError = e.toString();
                    if (failingSince == null) {
                        failingSince = Instant.now();
                    }
                    LOG.error("{} failed; retrying in {} ms", name, backoff.toMillis(), e);
                    if (!sleep(backoff)) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
        } finally {
            body.close();
        }
    }

    private boolean sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        synchronized (pause) {
            try {
                for (long left = d.toMillis(); running && left > 0; left = (until - System.nanoTime()) / 1_000_000) {
                    pause.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }

    /** Ends the loop; {@code wakeup} interrupts a blocked round (a consumer's poll). */
    public void close(Runnable wakeup) {
        running = false;
        wakeup.run();
        synchronized (pause) {
            pause.notifyAll();
        }
    }

    @Override
    public void close() {
        close(() -> { });
    }
}
