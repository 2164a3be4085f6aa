package dev.orbiter.train.curation;

import dev.orbiter.train.client.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Rides out a short registry outage inside the processor: a call that fails because the registry
 * did not answer is retried for up to {@code maxWait} (a registry restart of a few seconds is
 * then invisible), after which it fails as a {@link RegistryUnavailableException} and the stream
 * thread is replaced. Any other failure (bad bytes, a schema id the registry does not know) is
 * thrown as it is, at once. The wait must stay well below the stream producer's transaction
 * timeout (10 s under Kafka Streams' exactly-once), since the open transaction waits too.
 */
final class RegistryWait {

    /** Sleeps, interruptibly; tests pass one that only advances their clock. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final long MAX_PAUSE_MS = 500;

    private final long maxWaitMs;
    private final LongSupplier clock;
    private final Sleeper sleeper;

    RegistryWait(Duration maxWait, LongSupplier clock, Sleeper sleeper) {
        this.maxWaitMs = maxWait.toMillis();
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Waits on the wall clock with {@link Thread#sleep}. */
    static RegistryWait of(Duration maxWait) {
        return new RegistryWait(maxWait, System::currentTimeMillis, Thread::sleep);
    }

    /** The value of {@code call}; {@code what} names the record in the exception once the wait is over. */
    <T> T call(Supplier<T> call, Supplier<String> what) {
        long deadline = -1; // read the clock only once something failed: this runs for every record
        long pause = 100;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!SchemaRegistryException.isRetryable(e)) {
                    throw e;
                }
                if (deadline < 0) {
                    deadline = clock.getAsLong() + maxWaitMs;
                }
                long left = deadline - clock.getAsLong();
                if (left <= 0) {
                    throw new RegistryUnavailableException(what.get() + ": " + e.getMessage(), e);
                }
                pauseFor(Math.min(pause, left), what, e);
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        }
    }

    private void pauseFor(long millis, Supplier<String> what, RuntimeException cause) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // closing: give up waiting, the record is retried after a restart
            throw new RegistryUnavailableException(what.get() + " (interrupted while waiting): " + cause.getMessage(), cause);
        }
    }
}
