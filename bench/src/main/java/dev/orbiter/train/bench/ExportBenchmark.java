package dev.orbiter.train.bench;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.synthesis.DedupKeys;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Dataset export next to a raw consumer, same topic, same run: a raw {@code KafkaConsumer} reading
 * every record of a compacted dataset topic as bytes, against {@link DatasetReader} rebuilding the
 * dataset (Avro decoding, latest value per key, conversion to items) and then writing it as JSONL.
 */
final class ExportBenchmark {

    private ExportBenchmark() {
    }

    static Map<String, Object> run(int records, Path workDir) throws Exception {
        OrbiterTestStack stack = OrbiterTestStack.get();
        String topic = "bench.dataset." + UUID.randomUUID().toString().substring(0, 6);
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
             KafkaProducer<String, TrajectoryStep> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                     "linger.ms", "10", "batch.size", "262144"), new StringSerializer(), new AvroSerializer<>(registry, Map.of(), false))) {
            TopicAdmin.ensure(admin, List.of(new TopicSpec(topic, 3, (short) 1, TopicSpec.COMPACT, "dedup key",
                    "TrajectoryStep", Map.of())));
            for (TrajectoryItem item : CaptureBenchmark.sized(Items.generate(records, 31))) {
                p.send(new ProducerRecord<>(topic, DedupKeys.of(item, List.of("id")), StepCodec.toStep(item, "bench", null)));
            }
            p.flush();
        }
        raw(stack, topic); // warm-up of both paths
        new DatasetReader(Map.of("bootstrap.servers", stack.bootstrapServers()), registry, Duration.ofMinutes(5))
                .readLatest(topic, n -> { });
        long t0 = System.nanoTime();
        long rawCount = raw(stack, topic);
        double rawSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        List<TrajectoryItem> items = new DatasetReader(Map.of("bootstrap.servers", stack.bootstrapServers()), registry,
                Duration.ofMinutes(5)).readLatest(topic, n -> { });
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        TrajectoryDataset d = new TrajectoryDataset();
        items.forEach(d::capture);
        Path out = Files.createDirectories(workDir).resolve("export-bench.jsonl");
        d.exportJsonl(out);
        double exportSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("export_records", rawCount);
        r.put("raw_consumer_steps_per_s", rawCount / rawSeconds);
        r.put("dataset_read_steps_per_s", items.size() / readSeconds);
        r.put("dataset_read_ratio", (items.size() / readSeconds) / (rawCount / rawSeconds));
        r.put("dataset_export_jsonl_steps_per_s", items.size() / exportSeconds);
        r.put("dataset_export_ratio", (items.size() / exportSeconds) / (rawCount / rawSeconds));
        r.putAll(SnapshotBenchmark.run(topic, registry));
        return r;
    }

    static long raw(OrbiterTestStack stack, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(x -> new TopicPartition(topic, x.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long n = 0;
            while (parts.stream().anyMatch(x -> c.position(x) < end.get(x))) {
                n += c.poll(Duration.ofMillis(100)).count();
            }
            return n;
        }
    }
}
