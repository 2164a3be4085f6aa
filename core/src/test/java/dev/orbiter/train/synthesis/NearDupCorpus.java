package dev.orbiter.train.synthesis;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The near-duplicate benchmark corpus: items of about 40 words drawn from a 5,000-word
 * vocabulary, of which about 10% are near copies of an earlier item with 1 to 8 words replaced
 * (Jaccard 0.95 down to 0.67, so copies fall on both sides of a 0.8 threshold).
 */
public final class NearDupCorpus {

    private NearDupCorpus() {
    }

    public static List<String> texts(int n, long seed) {
        Random rng = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && rng.nextDouble() < 0.10) {
                out.add(nearCopy(out.get(rng.nextInt(i)), 1 + rng.nextInt(8), rng));
            } else {
                StringBuilder sb = new StringBuilder();
                int words = 36 + rng.nextInt(9);
                for (int w = 0; w < words; w++) {
                    sb.append(w == 0 ? "" : " ").append("w").append(rng.nextInt(5000));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    public static List<TrajectoryItem> items(int n, long seed) {
        List<String> texts = texts(n, seed);
        List<TrajectoryItem> items = new ArrayList<>(n);
        Instant ts = Instant.ofEpochSecond(1_700_000_000L);
        for (int i = 0; i < n; i++) {
            items.add(TrajectoryItem.builder().id(String.format("%012x", i)).taskId("t" + (i % 1000))
                    .input(texts.get(i)).output("answer " + i).score((i % 10) / 10.0).timestamp(ts).build());
        }
        return items;
    }

    private static String nearCopy(String text, int replacements, Random rng) {
        String[] words = text.split(" ");
        for (int r = 0; r < replacements; r++) {
            words[rng.nextInt(words.length)] = "x" + rng.nextInt(1_000_000);
        }
        return String.join(" ", words);
    }
}
