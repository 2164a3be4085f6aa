package dev.orbiter.train.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import java.util.UUID;

/**
 * Kafka Streams settings for tests: a unique application id and state directory per test (so
 * runs never share state), and a short session timeout so a restarted instance rejoins in
 * seconds instead of waiting 45 s for the old member to expire.
 */
public final class StreamsTestSupport {

    private StreamsTestSupport() {
    }

    /** Streams properties for one test; {@code prefix} names the application id. */
    public static Properties streamsProperties(String bootstrapServers, String prefix) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("application.id", prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            p.put("state.dir", Files.createTempDirectory("streams-" + prefix).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("consumer.session.timeout.ms", "6000");
        p.put("consumer.heartbeat.interval.ms", "1000");
        p.put("commit.interval.ms", "100");
        p.put("replication.factor", "1");
        return p;
    }
}
