package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orbiter demo}: the main job end to end on a fresh local stack. An agent emits arithmetic
 * steps through the SDK and over HTTP, late rewards arrive, the datasets fill (one of every answer,
 * one of whole groups without the constant and incomplete ones), snapshots are taken, a GRPO job
 * trains on the groups and an evolution job on the other, with their metrics streamed here, the
 * groups are exported as a DPO file, a replay rebuilds the dataset with other settings and exports
 * it to JSONL; then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole platform end to end and print a summary.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--root", description = "the repository (default: -Dorbiter.root or the current directory)")
    Path root;

    @Option(names = "--home", defaultValue = ".orbiter/demo-stack",
            description = "where the demo's stack keeps its data and logs (emptied at the start: every demo starts fresh)")
    Path home;

    @Option(names = "--port-offset", defaultValue = "0", description = "added to every port (9092, 8080-8083)")
    int portOffset;

    @Option(names = "--prompts", defaultValue = "4000", description = "prompts the agent answers (4 candidates each)")
    int prompts;

    @Option(names = "--keep", description = "keep the stack running afterwards (Ctrl-C stops it)")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Path repo = DevCommand.root(root);
        Path dir = repo.resolve(home);
        Wipe.directory(dir);
        try (LocalStack stack = LocalStack.start(repo, dir, LocalStack.Ports.defaults().offset(portOffset), System.out)) {
            Connection c = connection(stack);
            int code = demo(c, dir);
            if (keep) {
                stack.printUrls(System.out);
                System.out.println("\n--keep: the stack stays up; Ctrl-C stops it.");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            System.out.println("the demo's stack is stopped; its logs are in " + dir.resolve("logs"));
            return code;
        }
    }

    private static Connection connection(LocalStack stack) {
        Connection c = new Connection();
        CommandLine.populateCommand(c, "--bootstrap", stack.bootstrap(), "--registry", stack.registryUrl(),
                "--capture", stack.url(stack.ports().capture()), "--stream-processor", stack.url(stack.ports().streamProcessor()),
                "--trainer", stack.url(stack.ports().trainer()));
        return c;
    }

    int demo(Connection c, Path dir) throws Exception {
        long started = System.nanoTime();
        System.out.println("\n== 1. the agent works: steps through the SDK and over HTTP, late rewards");
        DemoAgent.Sent sent = DemoAgent.run(c, prompts, 42);
        System.out.println("\n== 2. the dataset fills (curation: late rewards, dedup, near dedup)");
        JsonNode counts = awaitDataset(c, "arith", sent);
        JsonNode groupCounts = awaitGroups(c, "arith-groups", sent);
        System.out.println("\n== 3. snapshots name the dataset versions");
        JsonNode snap = c.http().post(c.streamProcessor() + "/v1/datasets/arith/snapshots", "{}");
        String snapshot = snap.path("snapshot_id").asText();
        System.out.printf("snapshot %s: %,d items frozen, %s%n", snapshot, snap.path("item_count").asLong(), snap.path("digest").asText());
        JsonNode groupSnap = c.http().post(c.streamProcessor() + "/v1/datasets/arith-groups/snapshots", "{}");
        System.out.printf("snapshot %s: %,d items frozen, %s%n", groupSnap.path("snapshot_id").asText(),
                groupSnap.path("item_count").asLong(), groupSnap.path("digest").asText());
        System.out.println("\n== 4. a GRPO job trains on whole groups, an evolution job on every answer");
        String grpo = submit(c, Map.of("kind", "verl", "dataset", "arith-groups", "snapshot_id",
                groupSnap.path("snapshot_id").asText(), "config", Map.of("verl",
                Map.of("algorithm", "grpo", "epochs", 6, "batch_size", 32, "learning_rate", 0.05, "rollout_batch_size", 8,
                        "ppo_epochs", 2, "kl_coeff", 0.001, "test_ratio", 0.2, "seed", 7))));
        String evo = submit(c, Map.of("kind", "evolution", "dataset", "arith", "snapshot_id", snapshot, "config", Map.of(
                "verl", Map.of("algorithm", "grpo", "epochs", 1, "batch_size", 32, "learning_rate", 0.05, "rollout_batch_size", 8,
                        "ppo_epochs", 2, "seed", 7),
                "evolution", Map.of("strategy", "local-policy", "max_epochs", 3, "seed", 3))));
        MetricsTail.follow(c, List.of(grpo, evo), Duration.ofMinutes(10));
        JsonNode grpoJob = c.http().get(c.trainer() + "/v1/jobs/" + grpo);
        JsonNode evoJob = c.http().get(c.trainer() + "/v1/jobs/" + evo);
        DatasetReader reader = new DatasetReader(c.clientConfig(), new SchemaRegistryClient(RegistryClientConfig.of(c.registry())),
                Duration.ofMinutes(5));
        Path dpo = Files.createDirectories(dir.resolve("demo")).resolve("arith-dpo.jsonl");
        long dpoRows = ExportCommand.write(reader.readLatest("orbiter.dataset.arith-groups", n -> { }),
                ExportCommand.Format.trl_dpo, dpo, n -> { });
        System.out.println("\n== 5. a replay rebuilds the dataset with near-dedup at 0.8, exported to JSONL");
        Replay.Result replay = Replay.run(c, "arith", "v2", null, Map.of("near-dedup.threshold", "0.8"), dir.resolve("replay"));
        List<TrajectoryItem> rebuilt = reader.readLatest(replay.topic(), n -> { });
        Path export = Files.createDirectories(dir.resolve("demo")).resolve("arith-v2.jsonl");
        ExportCommand.write(rebuilt, ExportCommand.Format.jsonl, export, n -> { });

        JsonNode shared = c.http().get(c.streamProcessor() + "/v1/datasets").path("shared");
        Summary.print(sent, counts, shared, snap, grpoJob, evoJob, replay, rebuilt.size(), export);
        Summary.groups(sent, groupCounts, groupSnap, dpoRows, dpo);
        Summary.end((System.nanoTime() - started) / 1e9);
        boolean ok = "completed".equals(grpoJob.path("state").asText()) && "completed".equals(evoJob.path("state").asText());
        return ok ? 0 : 1;
    }

    private static String submit(Connection c, Map<String, Object> job) {
        String id = c.http().post(c.trainer() + "/v1/jobs", job).path("job_id").asText();
        System.out.println("submitted " + job.get("kind") + " job " + id);
        return id;
    }

    /**
     * Until every group the agent started is released or dropped (incomplete ones after their
     * close-after) and the counters stop moving (a late reward may still release a group dropped
     * for equal scores).
     */
    private static JsonNode awaitGroups(Connection c, String dataset, DemoAgent.Sent sent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        int stable = 0;
        while (System.nanoTime() < deadline) {
            for (JsonNode d : c.http().get(c.streamProcessor() + "/v1/datasets").path("datasets")) {
                if (d.path("name").asText().equals(dataset)) {
                    JsonNode g = d.path("counts");
                    long closed = g.path("groups_released").asLong() + g.path("groups_dropped_variance").asLong()
                            + g.path("groups_dropped_incomplete").asLong();
                    System.out.printf("\r%s: %,d of %,d groups closed   ", dataset, closed, sent.groups());
                    stable = closed >= sent.groups() && g.toString().equals(last) ? stable + 1 : 0;
                    last = g.toString();
                    if (stable >= 3) {
                        System.out.println();
                        return g;
                    }
                }
            }
            Thread.sleep(1_000); // polling the stream-processor's counters
        }
        throw new CliException("the groups did not all close within 3 minutes; see .orbiter/logs/stream-processor.log", 1);
    }

    /** Until the dataset's counters stop moving (every step, retry and late reward processed). */
    private static JsonNode awaitDataset(Connection c, String dataset, DemoAgent.Sent sent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        int stable = 0;
        JsonNode counts = null;
        while (System.nanoTime() < deadline) {
            JsonNode all = c.http().get(c.streamProcessor() + "/v1/datasets");
            JsonNode shared = all.path("shared");
            for (JsonNode d : all.path("datasets")) {
                if (d.path("name").asText().equals(dataset)) {
                    counts = d.path("counts");
                }
            }
            boolean allIn = shared.path("steps").asLong() >= sent.steps()
                    && shared.path("rewards").asLong() >= sent.lateRewards();
            String now = String.valueOf(counts) + shared;
            stable = allIn && now.equals(last) ? stable + 1 : 0;
            last = now;
            System.out.printf("\r%s: seen %,d, emitted %,d, late rewards applied %,d   ", dataset, counts.path("seen").asLong(),
                    counts.path("emitted").asLong(), counts.path("late_rewards_applied").asLong());
            if (stable >= 3) {
                System.out.println();
                return counts;
            }
            Thread.sleep(1_000); // polling the stream-processor's counters
        }
        throw new CliException("the dataset did not settle within 3 minutes; see .orbiter/logs/stream-processor.log", 1);
    }
}
