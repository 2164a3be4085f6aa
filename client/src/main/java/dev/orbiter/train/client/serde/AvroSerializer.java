package dev.orbiter.train.client.serde;

import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.registry.RegisteredSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer of Avro records (SpecificRecord or GenericRecord) in the Confluent wire
 * format. The schema id comes from the registry: registered on first use
 * ({@code auto.register.schemas=true}, the default), else the subject's latest version
 * ({@code use.latest.version=true}, which must equal the record's schema), else looked up.
 * The subject follows {@code key|value.subject.name.strategy} (default TopicNameStrategy).
 *
 * @param <T> the record type
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatest;
    private SubjectNameStrategy strategy = SubjectNameStrategy.TOPIC_NAME;
    private final Map<SchemaRegistryClient.SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** For Kafka's reflective creation; {@link #configure} must follow. */
    public AvroSerializer() {
    }

    /** A serializer sharing an existing registry client. */
    public AvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
        this.registry = registry;
        apply(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = new SchemaRegistryClient(RegistryClientConfig.fromMap(configs));
        }
        apply(configs, isKey);
    }

    private void apply(Map<String, ?> configs, boolean key) {
        this.isKey = key;
        this.autoRegister = AvroSerdeConfig.bool(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        this.useLatest = AvroSerdeConfig.bool(configs, AvroSerdeConfig.USE_LATEST_VERSION, false);
        this.strategy = AvroSerdeConfig.strategy(configs, key);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() first");
        }
        Schema schema = record.getSchema();
        String subject = strategy.subject(topic, isKey, schema);
        int id;
        try {
            // Keyed by the Schema object (cached hash, identity-first equals): no JSON rendering per record.
            id = ids.computeIfAbsent(new SchemaRegistryClient.SubjectSchema(subject, schema),
                    k -> schemaId(subject, schema));
        } catch (RuntimeException e) {
            throw new SerializationException("cannot get a schema id for subject '" + subject + "' on topic '"
                    + topic + "': " + e.getMessage(), e);
        }
        return frame(id, schema, record);
    }

    private int schemaId(String subject, Schema schema) {
        if (autoRegister) {
            return registry.register(subject, schema);
        }
        if (useLatest) {
            RegisteredSchema latest = registry.getLatestVersion(subject);
            Schema latestSchema = new Schema.Parser().parse(latest.schema());
            if (SchemaNormalization.parsingFingerprint64(latestSchema) != SchemaNormalization.parsingFingerprint64(schema)) {
                throw new SerializationException("the record's schema differs from the latest version " + latest.version()
                        + " of '" + subject + "'; upgrade the producer or register the schema");
            }
            return latest.id();
        }
        return registry.lookupId(subject, schema);
    }

    private byte[] frame(int id, Schema schema, T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, s -> writerFor(s, record)).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode a " + schema.getFullName() + " record: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<Object> writerFor(Schema schema, T record) {
        if (record instanceof SpecificRecord) {
            // The generated class's model knows its logical-type conversions (Instant, ...).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass()));
        }
        return new GenericDatumWriter<>(schema);
    }

    /**
     * Registers (or, without auto-registration, looks up) the schema of {@code topic}'s records now
     * and caches its id, so the first record of that type needs no registry; returns the id.
     */
    public int prepare(String topic, Schema schema) {
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() first");
        }
        String subject = strategy.subject(topic, isKey, schema);
        return ids.computeIfAbsent(new SchemaRegistryClient.SubjectSchema(subject, schema), k -> schemaId(subject, schema));
    }

    /** How many (subject, schema) ids this serializer holds: records of those need no registry call. */
    public int cachedSchemaIds() {
        return ids.size();
    }

    /** The registry client in use. */
    public SchemaRegistryClient registry() {
        return registry;
    }
}
