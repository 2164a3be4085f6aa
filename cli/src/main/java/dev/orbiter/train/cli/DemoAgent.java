package dev.orbiter.train.cli;

import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.ArithmeticTask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's agent: answers generated arithmetic prompts with several candidates each (one right),
 * half through the SDK and half over HTTP; a fifth of the prompts are graded later (late rewards),
 * some steps are retried (same id), and one broken record is written to show the dead-letter topic.
 */
final class DemoAgent {

    /** What the agent sent. */
    record Sent(int viaSdk, int viaHttp, int retries, int lateRewards, int poison) {
        int steps() {
            return viaSdk + viaHttp + retries;
        }
    }

    private DemoAgent() {
    }

    static Sent run(Connection c, int prompts, long seed) throws Exception {
        List<TrajectoryItem> items = ArithmeticTask.generate(prompts, 0, 4, seed).train();
        Random rng = new Random(seed);
        List<TrajectoryItem> late = new ArrayList<>();
        List<TrajectoryItem> out = new ArrayList<>();
        for (TrajectoryItem item : items) {
            String group = String.valueOf(item.metadata().get("group_id"));
            boolean graded = Math.floorMod(group.hashCode(), 5) != 0;
            TrajectoryItem step = item.toBuilder().taskId("demo-" + group).agentId("solver").score(graded ? item.score() : null)
                    .build();
            out.add(step);
            if (!graded) {
                late.add(item.toBuilder().taskId("demo-" + group).build());
            }
        }
        int half = out.size() / 2;
        Map<String, Object> config = c.clientConfig();
        config.put(TrajectoryEmitter.SOURCE, "demo-sdk");
        int retries = 0;
        try (TrajectoryEmitter emitter = TrajectoryEmitter.create(config);
             Progress progress = new Progress(System.err, "agent", out.size())) {
            for (TrajectoryItem step : out.subList(0, half)) {
                emitter.emit(step);
                progress.add(1);
            }
            for (int from = half; from < out.size(); from += 500) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (TrajectoryItem step : out.subList(from, Math.min(out.size(), from + 500))) {
                    Map<String, Object> m = new LinkedHashMap<>(step.toMap());
                    batch.add(m);
                }
                c.http().post(c.capture() + "/v1/steps", batch);
                progress.add(batch.size());
            }
            for (TrajectoryItem step : out) {
                if (rng.nextInt(20) == 0) {
                    emitter.emit(step); // a client retry: same id, curation keeps one
                    retries++;
                }
            }
            emitter.flush();
            for (TrajectoryItem item : late) {
                emitter.emitReward(item.id(), item.taskId(), item.score(), "demo-grader", "checked the arithmetic");
            }
            emitter.flush();
        }
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", c.bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>("orbiter.steps", "demo-broken", "not a step".getBytes(StandardCharsets.UTF_8))).get();
        }
        return new Sent(half, out.size() - half, retries, late.size(), 1);
    }
}
