package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.DatasetDefinition;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Takes snapshots on a schedule for datasets that set {@code orbiter.datasets.<name>.snapshot-interval}
 * (e.g. {@code 1h}, {@link DatasetDefinition#snapshotInterval}). A failed snapshot is logged and
 * retried at the next tick.
 */
@ApplicationScoped
public class SnapshotSchedule {

    private static final Logger LOG = Logger.getLogger(SnapshotSchedule.class);

    @Inject
    CurationSettings settings;

    @Inject
    DatasetSnapshots snapshots;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent ev) {
        for (DatasetDefinition d : settings.datasets()) {
            Duration interval = d.snapshotInterval();
            if (interval == null) {
                continue;
            }
            if (timer == null) {
                timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "orbiter-snapshots"));
            }
            timer.scheduleAtFixedRate(() -> take(d.name()), interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.infof("dataset %s: a snapshot every %s", d.name(), interval);
        }
    }

    private void take(String dataset) {
        try {
            LOG.infof("scheduled snapshot %s", snapshots.take(dataset, settings.dataset(dataset).topic(), settings.describe(dataset)).getSnapshotId());
        } catch (RuntimeException e) {
            LOG.warnf(e, "scheduled snapshot of %s failed; next try at the next tick", dataset);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
