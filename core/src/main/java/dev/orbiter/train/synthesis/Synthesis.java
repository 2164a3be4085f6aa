package dev.orbiter.train.synthesis;

import dev.orbiter.train.internal.FirstOccurrences;
import dev.orbiter.train.internal.Ids;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The data operations of curation and synthesis: augmentation, score filter, exact and
 * near-duplicate dedup, and seeded splits. Pure functions over lists of items; the curation
 * topology and the synthesis pipeline both use them.
 */
public final class Synthesis {

    /** A two-way split. */
    public record Split(List<TrajectoryItem> train, List<TrajectoryItem> test) {
        public Split {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    private Synthesis() {
    }

    /** Reverse-training item: the answer becomes the question. New id; metadata {@code augmented=swap_io}. */
    public static TrajectoryItem augmentSwapIo(TrajectoryItem item) {
        return item.toBuilder().id(Ids.newId())
                .input("Given this answer: " + item.output() + "\nWhat was the original question?")
                .output(item.input())
                .metadata(withEntry(item.metadata(), "augmented", "swap_io"))
                .build();
    }

    /** The list form of {@link #augmentSwapIo(TrajectoryItem)}. */
    public static List<TrajectoryItem> augmentSwapIo(List<TrajectoryItem> items) {
        List<TrajectoryItem> out = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            out.add(augmentSwapIo(item));
        }
        return out;
    }

    /** Marks the input as rephrased: {@code input + " (rephrased)"}; metadata {@code augmented=noise}. */
    public static TrajectoryItem augmentAddNoise(TrajectoryItem item) {
        return augmentAddNoise(item, input -> input + " (rephrased)");
    }

    /** Applies a noise function to the input; new id, metadata {@code augmented=noise}. */
    public static TrajectoryItem augmentAddNoise(TrajectoryItem item, UnaryOperator<String> noiseFn) {
        Objects.requireNonNull(noiseFn, "noiseFn");
        return item.toBuilder().id(Ids.newId()).input(noiseFn.apply(item.input()))
                .metadata(withEntry(item.metadata(), "augmented", "noise"))
                .build();
    }

    /**
     * The guide's noise: replaces {@code noiseLevel} of each input's characters (rounded) with
     * random lower-case letters, at distinct random positions.
     */
    public static List<TrajectoryItem> augmentAddNoise(List<TrajectoryItem> items, double noiseLevel, Long seed) {
        if (!(noiseLevel >= 0.0 && noiseLevel <= 1.0)) {
            throw new IllegalArgumentException("noiseLevel must be in [0, 1], got " + noiseLevel);
        }
        Random rng = random(seed);
        List<TrajectoryItem> out = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            out.add(augmentAddNoise(item, input -> perturb(input, noiseLevel, rng)));
        }
        return out;
    }

    private static String perturb(String input, double noiseLevel, Random rng) {
        int[] cps = input.codePoints().toArray();
        int changes = (int) Math.round(cps.length * noiseLevel);
        List<Integer> positions = new ArrayList<>(cps.length);
        for (int i = 0; i < cps.length; i++) {
            positions.add(i);
        }
        Collections.shuffle(positions, rng);
        for (int k = 0; k < changes; k++) {
            int pos = positions.get(k);
            int replacement;
            do {
                replacement = 'a' + rng.nextInt(26);
            } while (replacement == cps[pos]);
            cps[pos] = replacement;
        }
        return new String(cps, 0, cps.length);
    }

    /** Items with a non-null score {@code >= minScore}, order kept. */
    public static List<TrajectoryItem> filterByScore(List<TrajectoryItem> items, double minScore) {
        List<TrajectoryItem> out = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            Double s = item.score();
            if (s != null && s >= minScore) {
                out.add(item);
            }
        }
        return out;
    }

    /** Filters on a named numeric key: {@code score}, {@code step}, or a metadata entry. */
    public static List<TrajectoryItem> filterByScore(List<TrajectoryItem> items, double minScore, String scoreKey) {
        if (scoreKey == null || "score".equals(scoreKey)) {
            return filterByScore(items, minScore);
        }
        List<TrajectoryItem> out = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            Object v = "step".equals(scoreKey) ? (Object) item.step() : item.metadata().get(scoreKey);
            if (v instanceof Number && ((Number) v).doubleValue() >= minScore) {
                out.add(item);
            }
        }
        return out;
    }

    /** Exact dedup on {@code input}: first occurrence wins, order kept. */
    public static List<TrajectoryItem> deduplicate(List<TrajectoryItem> items) {
        return deduplicate(items, "input");
    }

    /** Exact dedup on a key's string value; a missing key counts as {@code ""}. */
    public static List<TrajectoryItem> deduplicate(List<TrajectoryItem> items, String key) {
        String[] keys = new String[items.size()];
        int i = 0;
        for (TrajectoryItem item : items) {
            keys[i++] = keyValue(item, key);
        }
        boolean[] keep = FirstOccurrences.of(keys);
        List<TrajectoryItem> out = new ArrayList<>(items.size());
        i = 0;
        for (TrajectoryItem item : items) {
            if (keep[i++]) {
                out.add(item);
            }
        }
        return out;
    }

    /**
     * Near-duplicate dedup: drops items whose input's word set has Jaccard similarity
     * {@code >= threshold} with an earlier kept item (MinHash + LSH, see {@link NearDuplicateIndex}).
     */
    public static List<TrajectoryItem> deduplicate(List<TrajectoryItem> items, double threshold) {
        NearDuplicateIndex index = new NearDuplicateIndex(threshold);
        List<TrajectoryItem> out = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            if (index.addIfNew(item.input())) {
                out.add(item);
            }
        }
        return out;
    }

    /**
     * The string value of a key: a field by its snake_case name, else a metadata entry, else
     * {@code ""}.
     */
    public static String keyValue(TrajectoryItem item, String key) {
        switch (key) {
            case "input":
                return item.input();
            case "output":
                return item.output();
            case "id":
                return item.id();
            case "task_id":
                return item.taskId();
            case "agent_id":
                return item.agentId();
            case "status":
                return item.status();
            case "step":
                return Integer.toString(item.step());
            case "score":
                return item.score() == null ? "" : item.score().toString();
            default:
                Object v = item.metadata().get(key);
                return v == null ? "" : String.valueOf(v);
        }
    }

    /** Shuffles a copy with the seed; train gets {@code max(1, (int)(n * trainRatio))} items. */
    public static Split splitDataset(List<TrajectoryItem> items, double trainRatio, Long seed) {
        if (!(trainRatio > 0.0 && trainRatio <= 1.0)) {
            throw new IllegalArgumentException("trainRatio must be in (0, 1], got " + trainRatio);
        }
        if (items.isEmpty()) {
            return new Split(List.of(), List.of());
        }
        List<TrajectoryItem> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random(seed));
        int n = copy.size();
        int train = Math.min(n, Math.max(1, (int) (n * trainRatio)));
        return new Split(copy.subList(0, train), copy.subList(train, n));
    }

    /** The guide's n-way split: ratios positive, summing to 1; part sizes sum to n. */
    public static List<List<TrajectoryItem>> splitDataset(List<TrajectoryItem> items, double[] ratios, Long seed) {
        if (ratios == null || ratios.length == 0) {
            throw new IllegalArgumentException("ratios must not be empty");
        }
        double sum = 0;
        for (double r : ratios) {
            if (!(r > 0.0)) {
                throw new IllegalArgumentException("ratios must be positive, got " + r);
            }
            sum += r;
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("ratios must sum to 1, got " + sum);
        }
        List<TrajectoryItem> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random(seed));
        int n = copy.size();
        List<List<TrajectoryItem>> parts = new ArrayList<>(ratios.length);
        double cumulative = 0;
        int start = 0;
        for (int i = 0; i < ratios.length; i++) {
            cumulative += ratios[i];
            int end = i == ratios.length - 1 ? n : Math.min(n, (int) Math.floor(n * cumulative + 1e-9));
            parts.add(List.copyOf(copy.subList(start, end)));
            start = end;
        }
        return parts;
    }

    static Random random(Long seed) {
        return seed == null ? new Random() : new Random(seed);
    }

    private static Map<String, Object> withEntry(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
