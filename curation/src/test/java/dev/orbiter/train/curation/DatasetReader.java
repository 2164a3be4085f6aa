package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
        return TopicContents.readAll(stack.bootstrapServers(), topic, new StringDeserializer(), values);
    }
}
