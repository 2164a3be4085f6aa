package dev.orbiter.train.curation;

import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.trajectory.TrajectoryStrategy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Makes strategies from their configuration text, {@code name} or {@code name=argument}.
 * Built-ins (sets are '|'-separated, ranges {@code lo..hi} with either end optional):
 * <ul>
 *   <li>{@code status=success|partial}, {@code agents=a|b}, {@code tasks=math-*|code-*} (globs):
 *       keep items whose field is in the set;</li>
 *   <li>{@code metadata=key} (present) or {@code metadata=key:value} (equal, as text);</li>
 *   <li>{@code input-length=lo..hi}, {@code output-length=lo..hi}: characters;</li>
 *   <li>{@code require-score}: keep only items that have a score;</li>
 *   <li>{@code clamp-reward=lo..hi}: clamp the score; {@code normalize-reward=lo..hi}: map
 *       [lo, hi] linearly to [0, 1] (clamped).</li>
 * </ul>
 * Other names come from {@link CurationStrategyProvider}s on the class path, or
 * {@code class=com.example.MyStrategy} for a {@link TrajectoryStrategy} with a public no-arg
 * constructor.
 */
public final class Strategies {

    private Strategies() {
    }

    /** The strategy a spec names; throws IllegalArgumentException with the reason if it cannot. */
    public static TrajectoryStrategy create(String spec) {
        String s = spec.trim();
        int eq = s.indexOf('=');
        String name = eq < 0 ? s : s.substring(0, eq).trim();
        String arg = eq < 0 ? null : s.substring(eq + 1).trim();
        switch (name) {
            case "status":
                return keep(set(name, arg), TrajectoryItem::status);
            case "agents":
                return keep(set(name, arg), TrajectoryItem::agentId);
            case "tasks":
                return keepGlob(require(name, arg), TrajectoryItem::taskId);
            case "metadata":
                return metadata(require(name, arg));
            case "input-length":
                return length(Range.parse(name, arg), TrajectoryItem::input);
            case "output-length":
                return length(Range.parse(name, arg), TrajectoryItem::output);
            case "require-score":
                return filter(item -> item.score() != null);
            case "clamp-reward":
                return clamp(Range.parse(name, arg));
            case "normalize-reward":
                return normalize(Range.parse(name, arg));
            case "class":
                return instantiate(require(name, arg));
            default:
                return provided(name, arg);
        }
    }

    /** The names of the built-ins and of the providers on the class path. */
    public static List<String> available() {
        List<String> names = new java.util.ArrayList<>(List.of("status", "agents", "tasks", "metadata",
                "input-length", "output-length", "require-score", "clamp-reward", "normalize-reward", "class"));
        for (CurationStrategyProvider p : ServiceLoader.load(CurationStrategyProvider.class)) {
            names.add(p.name());
        }
        return names;
    }

    private static TrajectoryStrategy provided(String name, String arg) {
        Map<String, CurationStrategyProvider> byName = new LinkedHashMap<>();
        for (CurationStrategyProvider p : ServiceLoader.load(CurationStrategyProvider.class)) {
            byName.put(p.name(), p);
        }
        CurationStrategyProvider p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; available: " + available());
        }
        return p.create(arg);
    }

    private static TrajectoryStrategy instantiate(String className) {
        try {
            Class<?> c = Class.forName(className, true, Strategies.class.getClassLoader());
            if (!TrajectoryStrategy.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(className + " does not implement TrajectoryStrategy");
            }
            return (TrajectoryStrategy) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("cannot create strategy " + className + ": " + e, e);
        }
    }

    private static String require(String name, String arg) {
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("strategy '" + name + "' needs an argument: " + name + "=...");
        }
        return arg;
    }

    private static Set<String> set(String name, String arg) {
        return Set.copyOf(Arrays.asList(require(name, arg).split("\\|")));
    }

    private static TrajectoryStrategy filter(Predicate<TrajectoryItem> keep) {
        return new TrajectoryStrategy() {
            @Override
            public boolean shouldCapture(TrajectoryItem item) {
                return keep.test(item);
            }
        };
    }

    private static TrajectoryStrategy keep(Set<String> allowed, java.util.function.Function<TrajectoryItem, String> f) {
        return filter(item -> allowed.contains(f.apply(item)));
    }

    private static TrajectoryStrategy keepGlob(String globs, java.util.function.Function<TrajectoryItem, String> f) {
        StringBuilder re = new StringBuilder();
        for (String g : globs.split("\\|")) {
            re.append(re.length() == 0 ? "" : "|").append(Pattern.quote(g).replace("*", "\\E.*\\Q"));
        }
        Pattern p = Pattern.compile(re.toString());
        return filter(item -> p.matcher(f.apply(item)).matches());
    }

    private static TrajectoryStrategy metadata(String arg) {
        int colon = arg.indexOf(':');
        String key = colon < 0 ? arg : arg.substring(0, colon);
        String value = colon < 0 ? null : arg.substring(colon + 1);
        return filter(item -> {
            Object v = item.metadata().get(key);
            return value == null ? item.metadata().containsKey(key) : v != null && value.equals(String.valueOf(v));
        });
    }

    private static TrajectoryStrategy length(Range r, java.util.function.Function<TrajectoryItem, String> f) {
        return filter(item -> r.contains(f.apply(item).length()));
    }

    private static TrajectoryStrategy clamp(Range r) {
        return rescore(s -> Math.max(r.lo(), Math.min(r.hi(), s)));
    }

    private static TrajectoryStrategy normalize(Range r) {
        if (!(r.hi() > r.lo()) || Double.isInfinite(r.hi() - r.lo())) {
            throw new IllegalArgumentException("normalize-reward needs a finite range lo..hi with hi > lo");
        }
        return rescore(s -> Math.max(0.0, Math.min(1.0, (s - r.lo()) / (r.hi() - r.lo()))));
    }

    private static TrajectoryStrategy rescore(java.util.function.DoubleUnaryOperator op) {
        return new TrajectoryStrategy() {
            @Override
            public TrajectoryItem process(TrajectoryItem item) {
                return item.score() == null ? item : item.withScore(op.applyAsDouble(item.score()));
            }
        };
    }

    /** An inclusive range {@code lo..hi}; a missing end is unbounded. */
    record Range(double lo, double hi) {
        static Range parse(String name, String arg) {
            String a = require(name, arg);
            int dots = a.indexOf("..");
            if (dots < 0) {
                throw new IllegalArgumentException("strategy '" + name + "' needs a range lo..hi, got '" + a + "'");
            }
            try {
                String lo = a.substring(0, dots).trim();
                String hi = a.substring(dots + 2).trim();
                return new Range(lo.isEmpty() ? Double.NEGATIVE_INFINITY : Double.parseDouble(lo),
                        hi.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(hi));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("strategy '" + name + "': bad range '" + a + "'", e);
            }
        }

        boolean contains(double v) {
            return v >= lo && v <= hi;
        }
    }
}
