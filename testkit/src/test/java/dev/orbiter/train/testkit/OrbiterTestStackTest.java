package dev.orbiter.train.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OrbiterStackExtension.class)
class OrbiterTestStackTest {

    @Test
    void givenTheStack_whenARecordIsProduced_thenAConsumerReadsItBack(OrbiterTestStack stack) throws Exception {
        String topic = "testkit-roundtrip";
        createTopic(stack, topic);
        produce(stack, topic, "k", "v1");
        assertThat(consumeAll(stack, topic, 1)).containsExactly("v1");
        assertThat(OrbiterTestStack.get()).as("one stack per JVM").isSameAs(stack);
    }

    @Test
    void givenTheRegistryProcess_whenAskedForSubjectsAndConfig_thenItAnswersWithGlobalBackwardRule(
            OrbiterTestStack stack) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(
                URI.create(stack.schemaRegistryUrl() + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.statusCode()).isEqualTo(200);
        HttpResponse<String> rule = http.send(HttpRequest.newBuilder(
                URI.create(stack.registry().baseUrl() + "/apis/registry/v2/admin/rules/COMPATIBILITY")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rule.body()).contains("BACKWARD");
        assertThat(stack.registry().isAlive()).isTrue();
    }

    @Test
    void givenASecondRegistry_whenClosed_thenItsProcessIsGone() {
        SchemaRegistryProcess registry = SchemaRegistryProcess.start();
        ProcessHandle handle = ProcessHandle.of(registry.pid()).orElseThrow();
        assertThat(handle.isAlive()).isTrue();
        registry.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !handle.isAlive());
    }

    @Test
    void quarkusTestResourcePointsAtTheSharedStack(OrbiterTestStack stack) {
        Map<String, String> config = new OrbiterQuarkusTestResource().start();
        assertThat(config).containsEntry("kafka.bootstrap.servers", stack.bootstrapServers())
                .containsEntry("orbiter.schema-registry.url", stack.schemaRegistryUrl());
    }

    @Test
    void streamsPropertiesAreUniquePerTest() {
        Properties a = StreamsTestSupport.streamsProperties("b:9092", "app");
        Properties b = StreamsTestSupport.streamsProperties("b:9092", "app");
        assertThat(a.get("application.id")).isNotEqualTo(b.get("application.id"));
        assertThat(a.get("state.dir")).isNotEqualTo(b.get("state.dir"));
        assertThat(a).containsEntry("consumer.session.timeout.ms", "6000");
    }

    private static void createTopic(OrbiterTestStack stack, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
    }

    private static void produce(OrbiterTestStack stack, String topic, String key, String value) throws Exception {
        Map<String, Object> cfg = Map.of("bootstrap.servers", stack.bootstrapServers(), "acks", "all");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(cfg, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> consumeAll(OrbiterTestStack stack, String topic, int expected) {
        Map<String, Object> cfg = Map.of("bootstrap.servers", stack.bootstrapServers(), "group.id", "g-" + topic,
                "auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cfg, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
