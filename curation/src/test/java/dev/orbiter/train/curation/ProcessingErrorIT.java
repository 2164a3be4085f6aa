package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.testkit.AckedWrites;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On the real broker: among 1,000 steps, one that a user strategy throws on and one whose reward
 * spec returns NaN. The 998 others are curated, the two are in the DLQ with their reasons, and no
 * stream thread is replaced (before, the thread died and its replacement met the same record forever).
 */
@ExtendWith(OrbiterStackExtension.class)
class ProcessingErrorIT {

    @Test
    void givenTwoStepsWhoseCurationThrows_whenAmongAThousand_thenTheyAreDeadLetteredAndTheRestCurated(OrbiterTestStack stack)
            throws Exception {
        String run = "processing-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = IsolatedRun.config(stack.bootstrapServers(), stack.schemaRegistryUrl(), run);
        ProcessingErrorTest.FAULTY.forEach(config::put);
        CurationSerdes serdes = CurationSerdes.of(new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl())),
                Map.of());
        String steps = run + ".steps";
        try (CurationRunner runner = CurationRunner.start(config);
             KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                     "linger.ms", "10"), new StringSerializer(), new ByteArraySerializer())) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String input = i == 123 ? "boom " + i : i == 777 ? "nan " + i : "question " + i;
                TrajectoryStep s = CurationDriver.step("s-" + i, "task-" + (i % 13), input, "answer " + i, 0.5)
                        .setTimestamp(Instant.now()).build();
                records.add(new ProducerRecord<>(steps, s.getTaskId(), serdes.steps().serializer().serialize(steps, s)));
            }
            AckedWrites.sendAll(p, records);

            // The description says where a slow run stood (a CI run once timed out here with nothing to go on).
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                int curated = read(stack, run + ".dataset.math").size();
                int dead = read(stack, run + ".dlq.stream-processor").size();
                assertThat(curated >= 998 && dead >= 2).as("curated %d, dead-lettered %d, steps on the topic %d, streams %s,"
                        + " threads replaced %d, threads %s", curated, dead, read(stack, steps).size(),
                        runner.streams().state(), runner.failures().replaced(),
                        runner.streams().metadataForLocalThreads()).isTrue();
            });

            assertThat(read(stack, run + ".dataset.math")).hasSize(998);
            List<ConsumerRecord<byte[], byte[]>> dead = read(stack, run + ".dlq.stream-processor");
            assertThat(dead).hasSize(2).allSatisfy(r -> {
                assertThat(header(r, DeadLetter.REASON)).isEqualTo(DeadLetter.PROCESSING);
                assertThat(header(r, DeadLetter.DATASET)).isEqualTo("math");
            });
            assertThat(dead).extracting(r -> header(r, DeadLetter.STAGE)).containsExactlyInAnyOrder("reward",
                    "strategy:class=" + Faulty.ThrowingStrategy.class.getName());
            assertThat(runner.failures().replaced()).as("stream threads replaced").isZero();
            assertThat(runner.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(OrbiterTestStack stack, String topic) {
        return TopicContents.readAll(stack.bootstrapServers(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
