package dev.orbiter.train.client.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.ChatMessage;
import dev.orbiter.train.avro.NestedJson;
import dev.orbiter.train.avro.PartitionOffset;
import dev.orbiter.train.avro.ToolCall;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Serializer and deserializer against the real registry, and a round trip through the real broker. */
@ExtendWith(OrbiterStackExtension.class)
class AvroSerdeIT {

    private OrbiterTestStack stack;
    private SchemaRegistryClient registry;
    private Map<String, Object> configs;

    @BeforeEach
    void setUp(OrbiterTestStack stack) {
        this.stack = stack;
        this.configs = Map.of(RegistryClientConfig.URL, stack.schemaRegistryUrl());
        this.registry = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    static TrajectoryStep step(String id) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("n", 3L);
        metadata.put("ok", true);
        metadata.put("nothing", null);
        metadata.put("nested", new NestedJson("{\"a\":[1,2]}"));
        return TrajectoryStep.newBuilder().setId(id).setTaskId("task-1").setAgentId("agent-1").setStep(2)
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_123L)).setInput("What is 2+2?")
                .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("What is 2+2?").build(),
                        ChatMessage.newBuilder().setRole("assistant").setContent(null).setToolCalls(List.of(
                                ToolCall.newBuilder().setId("c1").setName("calc").setArguments("{\"x\":2}").build()))
                                .build()))
                .setOutput("4").setScore(1.0).setMetadata(metadata).setGroupId("g-1").setSource("test").build();
    }

    @Test
    void goldenBytes_magicByteThenBigEndianIdThenAvroBinary() {
        AvroSerializer<PartitionOffset> serializer = new AvroSerializer<>();
        serializer.configure(configs, false);
        byte[] bytes = serializer.serialize("golden", new PartitionOffset(1, 300L));
        int id = registry.lookupId("golden-value", PartitionOffset.getClassSchema());
        byte[] expected = ByteBuffer.allocate(8).put((byte) 0).putInt(id)
                .put((byte) 0x02) // partition 1: zig-zag 2
                .put((byte) 0xD8).put((byte) 0x04) // offset 300: zig-zag 600 as a varint
                .array();
        assertThat(bytes).isEqualTo(expected);
    }

    @Test
    void givenAStepOnTheBroker_whenReadWithOnlyTheRegistryAndTheWireFormat_thenEveryFieldIsThere() throws Exception {
        String topic = "serde-roundtrip";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.ensure(admin, List.of(new TopicSpec(topic, 1, (short) 1, TopicSpec.DELETE, "k", "v", null)));
        }
        TrajectoryStep sent = step("abc123abc123");
        AvroSerializer<TrajectoryStep> serializer = new AvroSerializer<>();
        serializer.configure(configs, false);
        try (KafkaProducer<String, TrajectoryStep> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "acks", "all"), new StringSerializer(),
                serializer)) {
            producer.send(new ProducerRecord<>(topic, "task-1", sent)).get();
        }
        byte[] raw = consumeOne(topic);

        // Decode by hand: magic byte, id, GET /schemas/ids/{id}, Avro binary.
        assertThat(raw[0]).isZero();
        int id = ByteBuffer.wrap(raw, 1, 4).getInt();
        HttpResponse<String> schemaResp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.schemaRegistryUrl() + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        Schema writer = new Schema.Parser().parse(new ObjectMapper().readTree(schemaResp.body()).path("schema").asText());
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer).read(null,
                DecoderFactory.get().binaryDecoder(raw, 5, raw.length - 5, null));
        assertThat(decoded.get("id").toString()).isEqualTo("abc123abc123");
        assertThat(decoded.get("task_id").toString()).isEqualTo("task-1");
        assertThat(decoded.get("timestamp")).isEqualTo(1_700_000_000_123L);
        assertThat(decoded.get("score")).isEqualTo(1.0);
        assertThat(decoded.get("messages").toString()).contains("calc");

        // The subject follows TopicNameStrategy.
        assertThat(registry.subjects()).contains(topic + "-value");
        assertThat(registry.getLatestVersion(topic + "-value").id()).isEqualTo(id);

        // And the specific deserializer gives back an equal record.
        AvroDeserializer<TrajectoryStep> deserializer = new AvroDeserializer<>(registry, TrajectoryStep.class);
        assertThat(deserializer.deserialize(topic, raw)).isEqualTo(sent);
    }

    @Test
    void givenAnOlderProducerSchema_whenReadAsTheCurrentClass_thenNewFieldsTakeTheirDefaults() {
        // An "old" TrajectoryStep without group_id, attempt, source and tenant.
        Schema current = TrajectoryStep.getClassSchema();
        List<Schema.Field> oldFields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (!Set.of("group_id", "attempt", "source", "tenant").contains(f.name())) {
                oldFields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, oldFields);
        GenericRecord record = new GenericData.Record(old);
        for (Schema.Field f : old.getFields()) {
            if (f.hasDefaultValue()) {
                record.put(f.name(), GenericData.get().getDefaultValue(f));
            }
        }
        record.put("id", "old000000001");
        record.put("input", "legacy");
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
        serializer.configure(configs, false);
        byte[] bytes = serializer.serialize("serde-evolution", record);

        TrajectoryStep read = new AvroDeserializer<>(registry, TrajectoryStep.class).deserialize("serde-evolution", bytes);
        assertThat(read.getId()).isEqualTo("old000000001");
        assertThat(read.getInput()).isEqualTo("legacy");
        assertThat(read.getAttempt()).isZero();
        assertThat(read.getSource()).isEmpty();
        assertThat(read.getTenant()).isNull();
    }

    @Test
    void subjectStrategiesAndRegistrationModes() {
        Map<String, Object> recordName = Map.of(RegistryClientConfig.URL, stack.schemaRegistryUrl(),
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        AvroSerializer<PartitionOffset> s = new AvroSerializer<>();
        s.configure(recordName, false);
        s.serialize("any-topic", new PartitionOffset(0, 1L));
        assertThat(registry.subjects()).contains("dev.orbiter.train.avro.PartitionOffset");

        AvroSerializer<PartitionOffset> noRegister = new AvroSerializer<>();
        noRegister.configure(Map.of(RegistryClientConfig.URL, stack.schemaRegistryUrl(),
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        assertThatThrownBy(() -> noRegister.serialize("never-registered", new PartitionOffset(0, 1L)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("never-registered-value");

        AvroSerializer<PartitionOffset> latest = new AvroSerializer<>();
        latest.configure(Map.of(RegistryClientConfig.URL, stack.schemaRegistryUrl(),
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false", AvroSerdeConfig.USE_LATEST_VERSION, "true"), true);
        registry.register("latest-topic-key", PartitionOffset.getClassSchema());
        assertThat(WireFormat.schemaId(latest.serialize("latest-topic", new PartitionOffset(0, 1L))))
                .isEqualTo(registry.getLatestVersion("latest-topic-key").id());
    }

    @Test
    void badBytesFailWithClearMessages() {
        AvroDeserializer<TrajectoryStep> d = new AvroDeserializer<>(registry, TrajectoryStep.class);
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown magic byte");
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 0, 0x0F, 0x42, 0x3F, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 999999");
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too short");
        assertThat(d.deserialize("t", null)).isNull();
    }

    private byte[] consumeOne(String topic) {
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "group.id", "serde-it-" + topic, "auto.offset.reset", "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
        }
        return values.get(0);
    }
}
