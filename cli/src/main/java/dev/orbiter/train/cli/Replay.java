package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.curation.CurationRunner;
import dev.orbiter.train.curation.DatasetCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Re-curates a dataset: the curation topology with a new application id over {@code orbiter.steps}
 * (and rewards) from the beginning, or from a moment, into a new dataset topic, with the dataset's
 * current settings (from the stream-processor) and any overrides. It runs until it has caught up
 * with everything written before it started, then stops; the old dataset is untouched.
 */
final class Replay {

    /** What a replay produced. */
    record Result(String topic, String applicationId, Map<String, Long> counts, double seconds) {
    }

    private Replay() {
    }

    static Result run(Connection c, String dataset, String target, String from, Map<String, String> overrides,
                      Path workDir) throws Exception {
        JsonNode current = c.http().get(c.streamProcessor() + "/v1/datasets/" + dataset);
        boolean version = target.matches("v\\d+");
        String name = version ? dataset + "-" + target : target;
        String topic = version ? Topics.DATASET_PREFIX + dataset + "." + target : Topics.DATASET_PREFIX + target;
        String appId = "orbiter-replay-" + name + "-" + System.currentTimeMillis() / 1000;
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", c.bootstrap());
        config.put("schema.registry.url", c.registry());
        config.put("application.id", appId);
        config.put("state.dir", Files.createDirectories(workDir.resolve(appId)).toString());
        config.put("commit.interval.ms", "200");
        current.path("settings").fields().forEachRemaining(e -> config.put("orbiter.datasets." + name + "." + e.getKey(),
                e.getValue().asText()));
        overrides.forEach((k, v) -> config.put("orbiter.datasets." + name + "." + k, v));
        config.put("orbiter.datasets." + name + ".topic", topic);
        // The steps the call assembly wrote are on orbiter.steps already; a replay must not write them again.
        config.put("orbiter.curation.calls.enabled", "false");
        config.remove("orbiter.datasets." + name + ".snapshot-interval");
        if (from != null) {
            config.put("orbiter.curation.from-timestamp", from);
        }
        long started = System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", c.bootstrap()));
             Progress progress = new Progress(System.err, "replay", 0)) {
            Map<TopicPartition, Long> end = ends(admin, List.of(Topics.STEPS, Topics.REWARDS));
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            try (CurationRunner runner = CurationRunner.start(config)) {
                await(runner, admin, appId, end, total, progress);
                Map<String, Long> counts = new DatasetCounts(runner.streams(), runner.settings()).dataset(name);
                return new Result(topic, appId, counts, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** Until the group has committed past every offset that existed at the start, and its repartition topic is drained. */
    private static void await(CurationRunner runner, Admin admin, String appId, Map<TopicPartition, Long> end, long total,
                              Progress progress) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = runner.streams().state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new CliException("the replay's topology stopped (" + state + ")", 1);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get();
            long done = 0;
            boolean sourcesDone = true;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata o = committed.get(e.getKey());
                long at = o == null ? 0 : o.offset();
                done += Math.min(at, e.getValue());
                sourcesDone &= at >= e.getValue();
            }
            progress.set(done);
            if (sourcesDone && internalDrained(admin, committed, end)) {
                return;
            }
            Thread.sleep(200); // polling the broker's view of the group
        }
        throw new CliException("the replay did not catch up within 30 minutes", 1);
    }

    private static boolean internalDrained(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed,
                                           Map<TopicPartition, Long> sources) throws Exception {
        List<String> internal = committed.keySet().stream().map(TopicPartition::topic).distinct()
                .filter(t -> sources.keySet().stream().noneMatch(s -> s.topic().equals(t))).toList();
        if (internal.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> end = ends(admin, internal);
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata o = committed.get(e.getKey());
            if ((o == null ? 0 : o.offset()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static Map<TopicPartition, Long> ends(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(d -> d.partitions().forEach(p ->
                request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, i) -> out.put(tp, i.offset()));
        return out;
    }

    static Map<String, String> overrides(List<String> sets) {
        Map<String, String> out = new HashMap<>();
        for (String s : sets == null ? new ArrayList<String>() : sets) {
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new CliException("--set takes key=value (a dataset setting such as min-score=0.8), got " + s, 2);
            }
            out.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return out;
    }
}
