package dev.orbiter.train.streamprocessor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A new Kafka Streams state directory for every test run: the test kit's broker is new each run,
 * and state left by an earlier run (counters, dedup keys) must not be restored into it.
 */
public final class FreshStateDir implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("kafka-streams.state.dir", Files.createTempDirectory("stream-processor-state").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
