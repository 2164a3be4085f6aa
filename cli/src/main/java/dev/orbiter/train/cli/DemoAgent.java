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
 * On every tenth prompt all four answers are wrong (a group without learning signal), and on every
 * 25th one answer is never sent (a group that stays incomplete): the group-aware dataset drops both.
 */
final class DemoAgent {

    /** What the agent sent. */
    record Sent(int viaSdk, int viaHttp, int retries, int lateRewards, int poison, int groups, int constantGroups,
                int incompleteGroups) {
        int steps() {
            return viaSdk + viaHttp + retries;
        }
    }

    /** Answers per prompt: the group size of the demo's group-aware dataset. */
    static final int CANDIDATES = 4;

    private DemoAgent() {
    }

    static Sent run(Connection c, int prompts, long seed) throws Exception {
        List<TrajectoryItem> items = ArithmeticTask.generate(prompts, 0, CANDIDATES, seed).train();
        Random rng = new Random(seed);
        List<TrajectoryItem> late = new ArrayList<>();
        List<TrajectoryItem> out = new ArrayList<>();
        int constant = 0;
        int incomplete = 0;
        for (int i = 0; i < items.size(); i++) {
            int ordinal = i / CANDIDATES;
            int candidate = i % CANDIDATES;
            TrajectoryItem item = items.get(i);
            if (ordinal % 25 == 24 && candidate == CANDIDATES - 1) {
                incomplete++;
                continue; // this answer is lost: its group never fills
            }
            if (ordinal % 10 == 9) {
                constant += candidate == 0 ? 1 : 0;
                if (item.score() != null && item.score() > 0) { // the right answer, made wrong: all four score 0
                    item = item.toBuilder().output(item.output() + "0").score(0.0).build();
                }
            }
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
        return new Sent(half, out.size() - half, retries, late.size(), 1, prompts, constant, incomplete);
    }
}
