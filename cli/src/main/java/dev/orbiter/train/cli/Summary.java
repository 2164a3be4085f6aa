package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** The demo's closing table, with the numbers the run produced. */
final class Summary {

    private Summary() {
    }

    static void print(DemoAgent.Sent sent, JsonNode counts, JsonNode shared, JsonNode snapshot, JsonNode grpo, JsonNode evo,
                      Replay.Result replay, int rebuilt, Path export, double seconds) {
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
