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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * 10,000 poison records among 2,000 good steps on the real broker: every poison record lands in
 * the dead-letter topic with the headers that say why, the topology keeps RUNNING, and every good
 * step around them is curated.
 */
@ExtendWith(OrbiterStackExtension.class)
class PoisonAtScaleIT {

    @Test
    void tenThousandPoisonRecordsGoToTheDlqAndTheGoodOnesAroundThemAreCurated(OrbiterTestStack stack) throws Exception {
        String run = "poison-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = IsolatedRun.config(stack.bootstrapServers(), stack.schemaRegistryUrl(), run);
        config.put("orbiter.datasets.all.dedup.key", "id");
        CurationSerdes serdes = CurationSerdes.of(new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl())),
                Map.of());
        Random rng = new Random(5);
        try (CurationRunner runner = CurationRunner.start(config);
             KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                     "linger.ms", "10"), new StringSerializer(), new ByteArraySerializer())) {
            String steps = run + ".steps";
            int good = 0;
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                if (i % 6 == 0) {
                    TrajectoryStep s = CurationDriver.step("good-" + i, "task-" + (i % 40), "q" + i, "a", 1.0)
                            .setTimestamp(Instant.now()).build();
                    records.add(new ProducerRecord<>(steps, s.getTaskId(), serdes.steps().serializer().serialize(steps, s)));
                    good++;
                } else {
                    records.add(new ProducerRecord<>(steps, "task-" + (i % 40), poison(rng, serdes, steps, i)));
                }
            }
            AckedWrites.sendAll(p, records);
            int expectedGood = good;

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(stack, run + ".dlq.stream-processor") >= 10_000
                            && count(stack, run + ".dataset.all") >= expectedGood);

            assertThat(runner.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            List<ConsumerRecord<byte[], byte[]>> dead = read(stack, run + ".dlq.stream-processor");
            assertThat(dead).hasSize(10_000).allSatisfy(r -> {
                assertThat(r.headers().lastHeader(DeadLetter.REASON)).isNotNull();
                assertThat(r.headers().lastHeader(DeadLetter.OFFSET)).isNotNull();
                assertThat(new String(r.headers().lastHeader(DeadLetter.TOPIC).value())).isEqualTo(steps);
            });
            assertThat(read(stack, run + ".dataset.all")).hasSize(expectedGood);
        }
    }

    /** Random bytes, a bad magic byte, an unknown schema id, or a step that fails validation. */
    private static byte[] poison(Random rng, CurationSerdes serdes, String topic, int i) {
        switch (i % 4) {
            case 0: {
                byte[] b = new byte[1 + rng.nextInt(64)];
                rng.nextBytes(b);
                b[0] = 1; // never the wire format's magic byte 0
                return b;
            }
            case 1:
                return new byte[] {0, 0x7f, 0x7f, 0x7f, (byte) rng.nextInt(100), 2, 4};
            case 2:
                return serdes.steps().serializer().serialize(topic, CurationDriver.step("bad-" + i, "", "q", "a", 1.0).build());
            default:
                return serdes.steps().serializer().serialize(topic, CurationDriver.step("bad-" + i, "t", "q", "a", 1.0)
                        .setStep(-3).build());
        }
    }

    private static long count(OrbiterTestStack stack, String topic) {
        return read(stack, topic).size();
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(OrbiterTestStack stack, String topic) {
        return TopicContents.readAll(stack.bootstrapServers(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
