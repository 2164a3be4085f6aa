package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** The demo's closing table, with the numbers the run produced. */
final class Summary {

    private Summary() {
    }

    static void print(DemoAgent.Sent sent, JsonNode counts, JsonNode shared, JsonNode snapshot, JsonNode grpo, JsonNode evo,
                      Replay.Result replay, int rebuilt, Path export) {
        System.out.println("\n================ Orbiter Train demo: summary ================");
        row("steps captured", String.format("%,d (SDK %,d, HTTP %,d, retries %,d)", sent.steps(), sent.viaSdk(),
                sent.viaHttp(), sent.retries()));
        row("late rewards", String.format("%,d sent, %,d joined (%,d of them after their step was curated)",
                sent.lateRewards(), shared.path("rewards_joined").asLong(), counts.path("late_rewards_applied").asLong()));
        row("dataset arith", String.format("%,d items emitted (snapshot %s: %,d items, frozen)", counts.path("emitted").asLong(),
                snapshot.path("snapshot_id").asText(), snapshot.path("item_count").asLong()));
        row("duplicates dropped", String.format("%,d repeated ids, %,d exact, %,d near", shared.path("duplicate_ids").asLong(),
                counts.path("duplicates").asLong(), counts.path("near_duplicates").asLong()));
        row("dead letters", String.format("%,d (in orbiter.dlq.stream-processor)", shared.path("dead_letters_steps").asLong()
                + shared.path("dead_letters_rewards").asLong()));
        row("GRPO job", job(grpo, "eval_metrics", "eval/accuracy"));
        row("evolution job", job(evo, "final_metrics", "final_accuracy"));
        row("replay (near 0.8)", String.format("%s: %,d items (%,d near duplicates) in %.1f s", replay.topic(),
                replay.counts().getOrDefault("emitted", 0L), replay.counts().getOrDefault("near_duplicates", 0L),
                replay.seconds()));
        row("export", String.format("%,d items to %s", rebuilt, export));
    }

    /** The group-aware dataset's lines: what was released, what was dropped and why, the DPO file. */
    static void groups(DemoAgent.Sent sent, JsonNode g, JsonNode snapshot, long dpoRows, Path dpo) {
        row("dataset arith-groups", String.format("%,d of %,d groups released whole (%,d items, snapshot %s)",
                g.path("groups_released").asLong(), sent.groups(), snapshot.path("item_count").asLong(),
                snapshot.path("snapshot_id").asText()));
        row("groups dropped", String.format("%,d with equal rewards (no GRPO signal; %,d sent so), %,d incomplete after"
                        + " 10 s (%,d sent one answer short)", g.path("groups_dropped_variance").asLong(), sent.constantGroups(),
                g.path("groups_dropped_incomplete").asLong(), sent.incompleteGroups()));
        row("DPO export", String.format("%,d chosen/rejected pairs to %s", dpoRows, dpo));
    }

    static void end(double seconds) {
        row("demo time", String.format("%.0f s (after the stack started)", seconds));
        System.out.println("==============================================================");
    }

    private static String job(JsonNode j, String section, String metric) {
        JsonNode m = j.path(section);
        return String.format("%s %s, %s = %.3f", j.path("job_id").asText(), j.path("state").asText(), metric,
                m.path(metric).asDouble(Double.NaN));
    }

    private static void row(String what, String value) {
        System.out.printf("  %-20s %s%n", what, value);
    }
}
