package dev.orbiter.train.curation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of a curation run that shares the test kit's broker with other tests but
 * nothing else: its own application id, state directory and topic names, all prefixed by {@code run}.
 */
final class IsolatedRun {

    private IsolatedRun() {
    }

    /** Streams, registry and topic settings of the run; add the datasets and curation settings. */
    static Map<String, String> config(String bootstrapServers, String registryUrl, String run) {
        Map<String, String> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.put("schema.registry.url", registryUrl);
        c.put("application.id", run);
        try {
            c.put("state.dir", Files.createTempDirectory(run).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.put("commit.interval.ms", "100");
        c.put("orbiter.topics.steps.name", run + ".steps");
        c.put("orbiter.topics.rewards.name", run + ".rewards");
        c.put("orbiter.topics.dataset-snapshots.name", run + ".snapshots");
        c.put("orbiter.topics.dataset-prefix", run + ".dataset.");
        c.put("orbiter.topics.dlq-prefix", run + ".dlq.");
        c.put("orbiter.topics.snapshot-prefix", run + ".snapshot.");
        return c;
    }
}
