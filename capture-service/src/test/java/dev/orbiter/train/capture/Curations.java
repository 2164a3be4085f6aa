package dev.orbiter.train.capture;

import static org.awaitility.Awaitility.await;

import dev.orbiter.train.curation.CurationRunner;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;

/** The curation topology running next to the service under test, on the test stack, with fast timers. */
final class Curations {

    private Curations() {
    }

    /** A running curation with its own application id; {@code settings} adds the datasets and overrides. */
    static CurationRunner start(String name, Map<String, String> settings) {
        OrbiterTestStack s = OrbiterTestStack.get();
        Map<String, String> c = new HashMap<>();
        c.put("bootstrap.servers", s.bootstrapServers());
        c.put("schema.registry.url", s.schemaRegistryUrl());
        c.put("application.id", name + "-" + UUID.randomUUID().toString().substring(0, 6));
        try {
            c.put("state.dir", Files.createTempDirectory(name + "-curation").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.put("commit.interval.ms", "100");
        c.put("orbiter.curation.reward-grace", "1s");
        c.put("orbiter.curation.punctuate-interval", "100ms");
        c.putAll(settings);
        CurationRunner curation = CurationRunner.start(c);
        await().atMost(Duration.ofSeconds(60)).until(() -> curation.streams().state() == KafkaStreams.State.RUNNING);
        return curation;
    }
}
