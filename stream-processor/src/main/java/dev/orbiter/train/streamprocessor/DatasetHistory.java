package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.curation.ThreadReplacingHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curation's counters over time, for the datasets page: every {@link #EVERY_SECONDS} s a sample
 * of each dataset's counters, the stream-thread replacements and the dead-letter total, the last
 * {@link #KEPT} samples kept (15 minutes) so a page opened late draws the history, and each new one
 * pushed to the open event streams. The counters are every instance's ({@link ClusterCounts}); a
 * sample is skipped while the stores are not queryable (a rebalance) or a peer does not answer,
 * never invented or short.
 */
@ApplicationScoped
public class DatasetHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetHistory.class);
    static final int EVERY_SECONDS = 2;
    static final int KEPT = 450;

    /** One sample: when, each dataset's counters, stream-thread replacements by reason, dead letters. */
    public record Sample(long at, Map<String, Map<String, Long>> datasets, Map<String, Long> replacements,
                         long deadLetters) {
    }

    @Inject
    ClusterCounts counts;

    @Inject
    ThreadReplacingHandler failures;

    @Inject
    DeadLetterView deadLetters;

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final List<Consumer<Sample>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent ev) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orbiter-dataset-history");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sampleSafely, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The samples kept, oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Receives every new sample until the returned action is run. */
    public Runnable subscribe(Consumer<Sample> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** A scheduled task that throws is never run again: so nothing may escape it. */
    private void sampleSafely() {
        try {
            Sample s = sample();
            synchronized (this) {
                samples.addLast(s);
                while (samples.size() > KEPT) {
                    samples.removeFirst();
                }
            }
            listeners.forEach(l -> l.accept(s));
        } catch (InvalidStateStoreException e) {
            LOG.debug("stores not queryable, sample skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("dataset history sample failed", e);
        }
    }

    private Sample sample() {
        ClusterCounts.Totals totals = counts.totals();
        if (!totals.unreachable().isEmpty()) {
            throw new InvalidStateStoreException("instances did not answer: " + totals.unreachable()); // skipped, never an undercount
        }
        Map<String, Map<String, Long>> datasets = new LinkedHashMap<>(totals.datasets());
        return new Sample(System.currentTimeMillis(), datasets,
                Map.of("registry", failures.registryOutages(), "other", failures.otherFailures()),
                deadLetters.summary().total());
    }
}
