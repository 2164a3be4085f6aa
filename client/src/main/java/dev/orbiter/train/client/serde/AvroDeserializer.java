package dev.orbiter.train.client.serde;

import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of the Confluent wire format. The writer's schema comes from the registry
 * by the id in the message; the reader's schema is the target class's (when one is given or
 * {@code specific.avro.reader=true} finds the generated class), else the writer's
 * (GenericRecord). Avro schema resolution maps between them, so consumers read records of older
 * and newer producers.
 *
 * @param <T> the record type
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient registry;
    private Class<T> target;
    private boolean specific;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective creation; {@link #configure} must follow. */
    public AvroDeserializer() {
    }

    /** A deserializer of a generated record class, sharing an existing registry client. */
    public AvroDeserializer(SchemaRegistryClient registry, Class<T> target) {
        this.registry = registry;
        this.target = target;
        this.specific = target != null;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = new SchemaRegistryClient(RegistryClientConfig.fromMap(configs));
        }
        specific = target != null || AvroSerdeConfig.bool(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, false);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: call configure() first");
        }
        int id = WireFormat.schemaId(data);
        try {
            DatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode a record with schema id " + id + " from topic '" + topic
                    + "': " + e.getMessage(), e);
        }
    }

    private DatumReader<T> readerFor(int id) {
        Schema writer = registry.getSchemaById(id);
        if (!specific) {
            return new GenericDatumReader<>(writer, writer);
        }
        Class<?> cls = target != null ? target : SpecificData.get().getClass(writer);
        if (cls == null) {
            throw new SerializationException("no generated class for " + writer.getFullName() + " on the classpath");
        }
        return new SpecificDatumReader<>(writer, SpecificData.getForClass(cls).getSchema(cls), modelOf(cls));
    }

    /**
     * A data model that creates records with the target class's own class loader. The generated
     * class's model resolves nested classes through the thread's context loader, which in a
     * Kafka Streams thread of a Quarkus test or dev-mode app is not the loader of the class (the
     * result is a ClassCastException between two copies of the same class). The generated model's
     * logical-type conversions are kept.
     */
    private static SpecificData modelOf(Class<?> cls) {
        SpecificData generated = SpecificData.getForClass(cls);
        if (generated.getClassLoader() == cls.getClassLoader()) {
            return generated;
        }
        SpecificData model = new SpecificData(cls.getClassLoader());
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        return model;
    }

    /** The registry client in use. */
    public SchemaRegistryClient registry() {
        return registry;
    }
}
