package dev.orbiter.train.bench;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated benchmark items: short prompts and answers with a score in [0, 1) and a little
 * metadata, about 30% repeated inputs (so exact dedup has work to do).
 */
public final class Items {

    private Items() {
    }

    public static List<TrajectoryItem> generate(int n, long seed) {
        Random rng = new Random(seed);
        Instant ts = Instant.ofEpochSecond(1_700_000_000L);
        List<TrajectoryItem> items = new ArrayList<>(n);
        int distinctInputs = Math.max(1, (int) (n * 0.7));
        for (int i = 0; i < n; i++) {
            int q = rng.nextInt(distinctInputs);
            items.add(TrajectoryItem.builder().id(hex12(i)).taskId("task-" + (i % 5000))
                    .agentId("agent-" + (i % 7)).step(i % 13).timestamp(ts.plusMillis(i))
                    .input("What is " + q + " + " + (q % 97) + "?").output("The answer is " + (q + q % 97) + ".")
                    .score(rng.nextDouble()).metadata(Map.of("source", "bench", "difficulty", i % 5)).build());
        }
        return items;
    }

    /**
     * {@code String.format("%012x", i)} without the formatter: in a fresh JVM, formatting a million
     * ids took about a second, half of the cold pipeline run that this generator is only the input of.
     */
    static String hex12(int i) {
        String hex = Integer.toHexString(i);
        return "0".repeat(Math.max(0, 12 - hex.length())) + hex;
    }
}
