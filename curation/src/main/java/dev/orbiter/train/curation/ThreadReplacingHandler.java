package dev.orbiter.train.curation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the curation does when a stream thread fails: it starts a new thread (uncommitted work is
 * redone from the last commit, exactly once), instead of Kafka Streams' default of shutting the
 * whole client down. A registry outage ({@link RegistryUnavailableException} in the cause chain)
 * is logged in one line and the replacement waits {@code registryBackoff} first, so an outage
 * costs a retry every few seconds rather than a hot loop of rebalances and restores. Shared by
 * {@link CurationRunner} and the stream-processor service.
 */
public final class ThreadReplacingHandler implements StreamsUncaughtExceptionHandler {

    /** The pause before a thread that met a registry outage is replaced (a duration, default 5s). */
    public static final String REGISTRY_RETRY_BACKOFF = "orbiter.curation.registry-retry-backoff";

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacingHandler.class);

    private final Duration registryBackoff;
    private final AtomicLong otherFailures = new AtomicLong();
    private final AtomicLong registryOutages = new AtomicLong();

    public ThreadReplacingHandler(Duration registryBackoff) {
        this.registryBackoff = registryBackoff;
    }

    /** A handler with the backoff of {@link #REGISTRY_RETRY_BACKOFF} in {@code config}. */
    public static ThreadReplacingHandler fromConfig(java.util.Map<String, String> config) {
        return new ThreadReplacingHandler(CurationSettings.duration(config, REGISTRY_RETRY_BACKOFF, "5s"));
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable error) {
        RegistryUnavailableException outage = registryOutage(error);
        if (outage == null) {
            otherFailures.incrementAndGet();
            LOG.error("stream thread failed; replacing it (uncommitted work is redone)", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        registryOutages.incrementAndGet();
        LOG.warn("{}; replacing the stream thread in {} ms, the record is retried", outage.getMessage(),
                registryBackoff.toMillis());
        try {
            // The failing thread waits, not the application: its tasks were not committed and stay assigned to it.
            Thread.sleep(registryBackoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: replace at once, the client is shutting down anyway
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Stream threads replaced so far, for any reason. */
    public long replaced() {
        return registryOutages.get() + otherFailures.get();
    }

    /** Stream threads replaced because the registry did not answer. */
    public long registryOutages() {
        return registryOutages.get();
    }

    /** Stream threads replaced for any other failure. */
    public long otherFailures() {
        return otherFailures.get();
    }

    private static RegistryUnavailableException registryOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnavailableException r) {
                return r;
            }
        }
        return null;
    }
}
