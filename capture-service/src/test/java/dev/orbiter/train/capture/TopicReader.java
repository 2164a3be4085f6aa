package dev.orbiter.train.capture;

import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the service wrote with a plain consumer and only the registry (no generated classes). */
final class TopicReader {

    private TopicReader() {
    }

    static void ensureTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", OrbiterTestStack.get().bootstrapServers()))) {
            TopicAdmin.ensure(admin, List.of(Topics.defaults().steps(), Topics.defaults().rewards(),
                    Topics.defaults().capturedCalls()));
        }
    }

    static List<ConsumerRecord<String, GenericRecord>> read(String topic, int partition, long offset, int count) {
        AvroDeserializer<GenericRecord> values = new AvroDeserializer<>();
        values.configure(Map.of(RegistryClientConfig.URL, OrbiterTestStack.get().schemaRegistryUrl()), false);
        try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                OrbiterTestStack.get().bootstrapServers()), new StringDeserializer(), values)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            List<ConsumerRecord<String, GenericRecord>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** The sum of a topic's end offsets: unchanged means nothing was written. */
    static long endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                OrbiterTestStack.get().bootstrapServers(), "key.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer", "value.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer"))) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
