package dev.orbiter.train.capture;

import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.curation.CurationRunner;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/** The curation topology running next to the service under test, on the test stack, with fast timers; and what it wrote. */
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

    /** The dataset topic's latest version of each step of {@code task}, in step order. */
    static List<TrajectoryStep> steps(String datasetTopic, String task) {
        AvroDeserializer<TrajectoryStep> values = new AvroDeserializer<>(new SchemaRegistryClient(
                RegistryClientConfig.of(OrbiterTestStack.get().schemaRegistryUrl())), TrajectoryStep.class);
        Map<String, TrajectoryStep> byId = new HashMap<>();
        for (ConsumerRecord<String, TrajectoryStep> r : TopicContents.readAll(OrbiterTestStack.get().bootstrapServers(),
                datasetTopic, new StringDeserializer(), values)) {
            if (r.value() != null && r.value().getTaskId().equals(task)) {
                byId.put(r.value().getId(), r.value());
            }
        }
        return byId.values().stream().sorted(Comparator.comparingInt(TrajectoryStep::getStep)).toList();
    }
}
