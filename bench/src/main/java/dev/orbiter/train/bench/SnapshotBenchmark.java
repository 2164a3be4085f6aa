package dev.orbiter.train.bench;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A frozen snapshot of a dataset topic: how long taking it takes and how large its storage is, and
 * reading it with {@link DatasetReader#read} (digest check, Avro decoding, items) against a raw
 * consumer of the same storage topic, in ABBA order, median of 4 rounds.
 */
final class SnapshotBenchmark {

    private SnapshotBenchmark() {
    }

    static Map<String, Object> run(String datasetTopic, SchemaRegistryClient registry) throws Exception {
        OrbiterTestStack stack = OrbiterTestStack.get();
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        Map<String, Object> r = new LinkedHashMap<>();
        try (Admin admin = Admin.create(client)) {
            Topics topics = Topics.defaults().with("orbiter.topics.snapshot-prefix", "bench.snapshot.")
                    .with("orbiter.topics.dataset-snapshots.name", "bench.dataset-snapshots");
            DatasetSnapshots snapshots = new DatasetSnapshots(admin, client, registry, topics, Duration.ofMinutes(5));
            snapshots.take("bench-warm", datasetTopic, Map.of()); // class loading, producer set-up
            long t0 = System.nanoTime();
            DatasetSnapshot s = snapshots.take("bench", datasetTopic, Map.of());
            r.put("snapshot_take_seconds", (System.nanoTime() - t0) / 1e9);
            r.put("snapshot_items", s.getItemCount());
            r.put("snapshot_storage_bytes", size(admin, s.getStorageTopic()));
            DatasetReader reader = new DatasetReader(client, registry, Duration.ofMinutes(5));
            ExportBenchmark.raw(stack, s.getStorageTopic()); // warm-up of both paths
            reader.read(s, n -> { });
            Rounds.Result rounds = Rounds.abba(4, round -> {
                long a = System.nanoTime();
                long n = ExportBenchmark.raw(stack, s.getStorageTopic());
                return n / ((System.nanoTime() - a) / 1e9);
            }, round -> {
                long b = System.nanoTime();
                int n = reader.read(s, x -> { }).size();
                return n / ((System.nanoTime() - b) / 1e9);
            });
            r.put("snapshot_raw_consumer_steps_per_s", rounds.medianA());
            r.put("snapshot_read_steps_per_s", rounds.medianB());
            r.put("snapshot_read_ratio", rounds.medianB() / rounds.medianA());
            r.put("snapshot_read_rounds", Map.of("raw", rounds.a(), "read", rounds.b()));
        }
        return r;
    }

    /** Bytes of the topic's one partition on the broker's log dirs. */
    private static long size(Admin admin, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long bytes = 0;
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription d : dirs.values()) {
                ReplicaInfo info = d.replicaInfos().get(tp);
                bytes += info == null ? 0 : info.size();
            }
        }
        return bytes;
    }
}
