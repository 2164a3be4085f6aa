package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rewards join their steps whatever partitioner the producers used: steps written with CRC32
 * (librdkafka's default) and with Java's murmur2, rewards round-robin, to a rewards topic with fewer
 * partitions than the steps topic. Before, only the rewards that landed on murmur2's partition by
 * chance joined; the rest took the fallback score silently.
 */
@ExtendWith(OrbiterStackExtension.class)
class AnyPartitionerIT {

    private static final int STEPS = 48;

    @Test
    void givenCrc32StepsAndRoundRobinRewardsOnFewerPartitions_whenCurated_thenEveryRewardJoins(OrbiterTestStack stack)
            throws Exception {
        String run = "partitioners-" + UUID.randomUUID().toString().substring(0, 6);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(run + ".steps", 4, (short) 1), new NewTopic(run + ".rewards", 2, (short) 1)))
                    .all().get();
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
        CurationSerdes serdes = CurationSerdes.of(registry, Map.of());
        try (CurationRunner runner = CurationRunner.start(config(stack, run));
             KafkaProducer<String, byte[]> crc32 = producer(stack, Crc32Partitioner.class.getName());
             KafkaProducer<String, byte[]> murmur2 = producer(stack, null);
             KafkaProducer<String, byte[]> roundRobin = producer(stack, RoundRobinPartitioner.class.getName())) {
            assertThat(runner.settings().topics().steps().partitions()).as("the join follows the real topic").isEqualTo(4);
            for (int i = 0; i < STEPS; i++) {
                TrajectoryStep s = CurationDriver.step("s-" + i, "task-" + i, "question " + i, "answer " + i, null)
                        .setTimestamp(Instant.now()).build();
                (i % 3 == 0 ? murmur2 : crc32).send(new ProducerRecord<>(run + ".steps", s.getTaskId(),
                        serdes.steps().serializer().serialize(run + ".steps", s)));
            }
            crc32.flush();
            murmur2.flush();
            for (int i = 0; i < STEPS; i++) {
                RewardEvent r = RewardEvent.newBuilder(CurationDriver.reward("r-" + i, "s-" + i, "task-" + i, i / 100.0))
                        .setTimestamp(Instant.now()).build();
                roundRobin.send(new ProducerRecord<>(run + ".rewards", r.getTaskId(),
                        serdes.rewards().serializer().serialize(run + ".rewards", r)));
            }
            roundRobin.flush();

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> dataset(stack, run, serdes).size() >= STEPS);
            List<TrajectoryStep> items = dataset(stack, run, serdes);
            assertThat(items).hasSize(STEPS).allSatisfy(s -> {
                assertThat(s.getMetadata().get("reward_source")).as(s.getId()).isEqualTo("reward");
                assertThat(s.getScore()).as(s.getId()).isEqualTo(Integer.parseInt(s.getId().substring(2)) / 100.0);
            });
        }
    }

    private static List<TrajectoryStep> dataset(OrbiterTestStack stack, String run, CurationSerdes serdes) {
        return TopicContents.readAll(stack.bootstrapServers(), run + ".dataset.d", new StringDeserializer(),
                serdes.steps().deserializer()).stream().map(ConsumerRecord::value).toList();
    }

    private static KafkaProducer<String, byte[]> producer(OrbiterTestStack stack, String partitioner) {
        Map<String, Object> c = new HashMap<>(Map.of("bootstrap.servers", stack.bootstrapServers(), "linger.ms", "5"));
        if (partitioner != null) {
            c.put("partitioner.class", partitioner);
        }
        return new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<String, String> config(OrbiterTestStack stack, String run) {
        Map<String, String> c = IsolatedRun.config(stack.bootstrapServers(), stack.schemaRegistryUrl(), run);
        c.put("orbiter.curation.reward-grace", "60s");
        c.put("orbiter.datasets.d.dedup.key", "id");
        return c;
    }
}
