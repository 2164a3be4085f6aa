package dev.orbiter.train.cli;

import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Streams jobs' metric events to the terminal (every 25th training step, every epoch and the finals) until they end. */
final class MetricsTail {

    private MetricsTail() {
    }

    static void follow(Connection c, List<String> jobs, Duration timeout) {
        Set<String> open = new HashSet<>(jobs);
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastCheck = 0;
        AvroDeserializer<TrainingMetric> values = new AvroDeserializer<>(
                new SchemaRegistryClient(RegistryClientConfig.of(c.registry())), TrainingMetric.class);
        try (KafkaConsumer<String, TrainingMetric> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", c.bootstrap()),
                new StringDeserializer(), values)) {
            List<TopicPartition> parts = consumer.partitionsFor("orbiter.training.metrics").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, TrainingMetric> r : consumer.poll(Duration.ofMillis(200))) {
                    TrainingMetric m = r.value();
                    if (jobs.contains(r.key()) && (!m.getPhase().equals("train") || m.getStep() % 25 == 0)) {
                        System.out.println(Events.line(m));
                    }
                }
                if (System.nanoTime() - lastCheck > 1_000_000_000L) {
                    lastCheck = System.nanoTime();
                    open.removeIf(id -> List.of("completed", "failed").contains(
                            c.http().get(c.trainer() + "/v1/jobs/" + id).path("state").asText()));
                }
            }
        }
        if (!open.isEmpty()) {
            throw new CliException("jobs " + open + " did not end within " + timeout, 1);
        }
    }
}
