package dev.orbiter.train.curation;

import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The curation topology in a {@link TopologyTestDriver}, with serdes on the real schema registry
 * of the test kit: steps and rewards in, dataset records and dead letters out, a mock wall clock.
 */
final class CurationDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    final CurationSettings settings;
    final CurationSerdes serdes;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> steps;
    final TestInputTopic<String, byte[]> rewards;
    final TestOutputTopic<byte[], byte[]> dlq;

    CurationDriver(Map<String, String> config) {
        this(config, OrbiterTestStack.get().schemaRegistryUrl());
    }

    /** A driver whose serdes use the registry at {@code registryUrl} (a registry of the test's own). */
    CurationDriver(Map<String, String> config, String registryUrl) {
        Map<String, String> all = new HashMap<>(Map.of("orbiter.curation.punctuate-interval", "100ms"));
        all.putAll(config);
        settings = CurationSettings.fromConfig(all);
        serdes = CurationSerdes.of(new SchemaRegistryClient(RegistryClientConfig.of(registryUrl)), Map.of());
        Properties p = CurationTopology.defaults();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "curation-test-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("curation-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(CurationTopology.build(settings, serdes, p), p, START);
        steps = driver.createInputTopic(settings.topics().steps().name(), new StringSerializer(), new ByteArraySerializer());
        rewards = driver.createInputTopic(settings.topics().rewards().name(), new StringSerializer(),
                new ByteArraySerializer());
        dlq = driver.createOutputTopic(settings.topics().dlq(CurationNames.DLQ_APPLICATION).name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void send(TrajectoryStep step) {
        steps.pipeInput(step.getTaskId(), serdes.steps().serializer().serialize(settings.topics().steps().name(), step));
    }

    void send(RewardEvent reward) {
        rewards.pipeInput(reward.getTaskId(),
                serdes.rewards().serializer().serialize(settings.topics().rewards().name(), reward));
    }

    TestOutputTopic<String, TrajectoryStep> dataset(String name) {
        return driver.createOutputTopic(settings.dataset(name).topic(), new StringDeserializer(),
                serdes.steps().deserializer());
    }

    void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    long count(String store, String counter) {
        KeyValueStore<String, Long> s = driver.getKeyValueStore(store);
        Long v = s.get(counter);
        return v == null ? 0 : v;
    }

    static TrajectoryStep.Builder step(String id, String task, String input, String output, Double score) {
        return TrajectoryStep.newBuilder().setId(id).setTaskId(task).setAgentId("agent").setStep(0)
                .setTimestamp(START).setInput(input).setOutput(output).setScore(score).setMessages(List.of())
                .setContext(Map.of()).setToolCalls(List.of()).setMetadata(Map.of()).setStatus("success")
                .setSource("test");
    }

    static RewardEvent reward(String id, String stepId, String task, double value) {
        return RewardEvent.newBuilder().setId(id).setStepId(stepId).setTaskId(task).setValue(value)
                .setSource("grader").setTimestamp(START).build();
    }

    @Override
    public void close() {
        driver.close();
    }
}
