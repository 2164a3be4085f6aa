package dev.orbiter.train.client.serde;

import dev.orbiter.train.client.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes of generated Avro records in the Confluent wire format, for producers, consumers and Streams. */
public final class AvroSerde {

    private AvroSerde() {
    }

    /** A configured serde of one generated record class, sharing a registry client. */
    public static <T extends SpecificRecord> Serde<T> specific(SchemaRegistryClient registry, Class<T> type,
                                                               Map<String, ?> configs, boolean isKey) {
        AvroSerializer<T> serializer = new AvroSerializer<>(registry, configs, isKey);
        AvroDeserializer<T> deserializer = new AvroDeserializer<>(registry, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
