package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every committed record of a dataset topic from the beginning (read_committed). */
final class DatasetReader {

    private final OrbiterTestStack stack;
    private final String topic;
    private final AvroDeserializer<TrajectoryStep> values;

    DatasetReader(OrbiterTestStack stack, String topic) {
        this.stack = stack;
        this.topic = topic;
        this.values = new AvroDeserializer<>(new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl())),
                TrajectoryStep.class);
    }

    List<ConsumerRecord<String, TrajectoryStep>> readAll() {
        try (KafkaConsumer<String, TrajectoryStep> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                stack.bootstrapServers(), "isolation.level", "read_committed", "enable.auto.commit", "false"),
                new StringDeserializer(), values)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, TrajectoryStep>> out = new ArrayList<>();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
