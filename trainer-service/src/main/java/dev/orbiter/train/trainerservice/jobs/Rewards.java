package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.RewardSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Reward specs by name, as jobs write them: {@code name} or {@code name*weight}, where the name is
 * a built-in, a {@link RewardProvider} on the class path, or {@code com.example.Rewards#method}
 * (a public static method taking a TrajectoryItem and returning a number). Built-ins:
 * <ul>
 *   <li>{@code score}: the item's own score (0 when it has none);</li>
 *   <li>{@code exact_match}: 1 when the output, trimmed, equals {@code metadata.ground_truth}
 *       (or {@code metadata.answer}), else 0;</li>
 *   <li>{@code contains_answer}: 1 when the output contains the ground truth, else 0.</li>
 * </ul>
 */
public final class Rewards {

    private Rewards() {
    }

    /** The specs; throws IllegalArgumentException naming the first one that does not resolve. */
    public static List<RewardSpec> resolve(List<String> names) {
        List<RewardSpec> specs = new ArrayList<>();
        for (String text : names) {
            specs.add(spec(text.trim()));
        }
        return specs;
    }

    /** The names that resolve without a class name. */
    public static List<String> available() {
        return new ArrayList<>(builtIns().keySet());
    }

    private static RewardSpec spec(String text) {
        int star = text.lastIndexOf('*');
        double weight = 1.0;
        String name = text;
        if (star > 0) {
            try {
                weight = Double.parseDouble(text.substring(star + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("reward '" + text + "': weight after '*' must be a number");
            }
            name = text.substring(0, star);
        }
        int hash = name.indexOf('#');
        if (hash > 0) {
            RewardSpec s = RewardSpec.builder().className(name.substring(0, hash)).methodName(name.substring(hash + 1))
                    .name(name).weight(weight).build();
            try {
                s.resolve();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("reward '" + name + "': " + e.getMessage(), e);
            }
            return s;
        }
        RewardFunction fn = builtIns().get(name);
        if (fn == null) {
            throw new IllegalArgumentException("unknown reward '" + name + "'; available: " + available()
                    + " or class#method");
        }
        return RewardSpec.builder().fn(fn).name(name).weight(weight).build();
    }

    private static Map<String, RewardFunction> builtIns() {
        Map<String, RewardFunction> m = new LinkedHashMap<>();
        m.put("score", item -> item.score() == null ? 0.0 : item.score());
        m.put("exact_match", item -> truth(item) != null && item.output().trim().equals(truth(item)) ? 1.0 : 0.0);
        m.put("contains_answer", item -> truth(item) != null && item.output().contains(truth(item)) ? 1.0 : 0.0);
        for (RewardProvider p : ServiceLoader.load(RewardProvider.class)) {
            m.putIfAbsent(p.name(), p.create());
        }
        return m;
    }

    private static String truth(TrajectoryItem item) {
        Object t = item.metadata().get("ground_truth");
        if (t == null) {
            t = item.metadata().get("answer");
        }
        return t == null ? null : t.toString().trim();
    }
}
