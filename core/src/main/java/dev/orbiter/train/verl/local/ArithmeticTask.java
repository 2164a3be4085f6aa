package dev.orbiter.train.verl.local;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The LOCAL trainer's benchmark (generated, no download): arithmetic prompts such as
 * {@code "What is 37 + 58?"}, each with one correct answer (score 1) and {@code k - 1} near-miss
 * wrong answers (score 0) that differ from it by 1 to 9. Items of one prompt share a task and a
 * {@code group_id}; metadata carries {@code ground_truth}, {@code data_source} and {@code split}.
 * Held-out prompts never appear in the training split. Chance accuracy is {@code 1/k}.
 */
public final class ArithmeticTask {

    public static final String DATA_SOURCE = "orbiter/arithmetic";

    /** Training and held-out items. */
    public record Split(List<TrajectoryItem> train, List<TrajectoryItem> test) {
    }

    private ArithmeticTask() {
    }

    /** {@code trainPrompts} and {@code testPrompts} distinct prompts of {@code k} candidates each. */
    public static Split generate(int trainPrompts, int testPrompts, int k, long seed) {
        if (k < 2 || k > 10) {
            throw new IllegalArgumentException("k must be in [2, 10], got " + k);
        }
        Random rng = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<TrajectoryItem> train = prompts("train", trainPrompts, k, rng, seen);
        List<TrajectoryItem> test = prompts("test", testPrompts, k, rng, seen);
        return new Split(train, test);
    }

    private static List<TrajectoryItem> prompts(String split, int count, int k, Random rng, Set<String> seen) {
        List<TrajectoryItem> items = new ArrayList<>(count * k);
        int made = 0;
        while (made < count) {
            char op = "+-*".charAt(rng.nextInt(3));
            int a = op == '*' ? 2 + rng.nextInt(19) : rng.nextInt(100);
            int b = op == '*' ? 2 + rng.nextInt(9) : rng.nextInt(100);
            if (op == '-' && b > a) {
                int t = a;
                a = b;
                b = t;
            }
            String prompt = "What is " + a + " " + op + " " + b + "?";
            if (!seen.add(prompt)) {
                continue;
            }
            int answer = op == '+' ? a + b : op == '-' ? a - b : a * b;
            items.addAll(candidates(split, made, prompt, answer, k, rng));
            made++;
        }
        return items;
    }

    private static List<TrajectoryItem> candidates(String split, int index, String prompt, int answer, int k, Random rng) {
        List<Integer> options = new ArrayList<>();
        options.add(answer);
        while (options.size() < k) {
            int d = 1 + rng.nextInt(9);
            int wrong = rng.nextBoolean() ? answer + d : answer - d;
            if (wrong >= 0 && !options.contains(wrong)) {
                options.add(wrong);
            }
        }
        java.util.Collections.shuffle(options, rng);
        return TaskItems.of(DATA_SOURCE, "arith", split, index, prompt, options.stream().map(String::valueOf).toList(),
                Integer.toString(answer));
    }
}
