package dev.orbiter.train.client.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The settings a component reads, as templates ({@code orbiter.datasets.*.min-score}, where
 * {@code *} is one name: letters, digits, '-' and '_'; {@code **} at the end, any rest, for maps
 * passed through), so that a setting nothing reads is an error at startup, naming the key and the
 * nearest valid one, instead of being silently ignored.
 */
public final class KnownKeys {

    private static final String NAME = "[A-Za-z0-9_-]+";

    /**
     * Keys every service reads, and the test kit's (system properties that the build passes to
     * every test JVM, in which the services under test run too).
     */
    public static final KnownKeys SHARED = new KnownKeys(List.of("orbiter.schema-registry.url",
            "orbiter.registry.home", "orbiter.project.root", "orbiter.faults.scale", "orbiter.test.docker",
            "orbiter.test.kafka.image"));

    private final List<String> templates;
    private final List<Pattern> patterns = new ArrayList<>();

    private KnownKeys(List<String> templates) {
        this.templates = List.copyOf(templates);
        for (String t : templates) {
            patterns.add(Pattern.compile(Pattern.quote(t).replace("**", "\\E.+\\Q").replace("*", "\\E" + NAME + "\\Q")));
        }
    }

    public static KnownKeys of(Collection<String> templates) {
        return new KnownKeys(new ArrayList<>(templates));
    }

    /**
     * The keys of a SmallRye {@code @ConfigMapping} interface under {@code prefix}: each no-argument
     * method is a key in kebab case, a nested interface a group of keys, a {@code Map} any key below.
     */
    public static KnownKeys fromMapping(String prefix, Class<?> mapping) {
        List<String> t = new ArrayList<>();
        walk(prefix, mapping, t);
        return new KnownKeys(t);
    }

    private static void walk(String prefix, Class<?> type, List<String> out) {
        for (java.lang.reflect.Method m : type.getMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(m.getName());
            Class<?> r = m.getReturnType();
            if (java.util.Map.class.isAssignableFrom(r)) {
                out.add(key + ".**");
            } else if (r.isInterface() && r.getDeclaringClass() != null && !r.getName().startsWith("java.")) {
                walk(key, r, out);
            } else {
                out.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Checks every {@code orbiter.*} key of a running service's configuration ({@link #check}). */
    public void checkOrbiterKeys(Iterable<String> propertyNames) {
        List<String> keys = new ArrayList<>();
        propertyNames.forEach(keys::add);
        check(keys, List.of("orbiter."));
    }

    /** These templates and another set's. */
    public KnownKeys and(KnownKeys other) {
        List<String> all = new ArrayList<>(templates);
        all.addAll(other.templates);
        return new KnownKeys(all);
    }

    public boolean known(String key) {
        return patterns.stream().anyMatch(p -> p.matcher(key).matches());
    }

    /**
     * Throws IllegalArgumentException naming every key that starts with one of {@code prefixes} and
     * matches no template, each with the nearest valid key.
     */
    public void check(Collection<String> keys, Collection<String> prefixes) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            if (prefixes.stream().anyMatch(key::startsWith) && !known(key)) {
                problems.add("unknown setting '" + key + "'" + nearest(key).map(n -> "; did you mean '" + n + "'?").orElse(""));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The template closest to the key (edit distance), with its names filled from the key where they line up. */
    java.util.Optional<String> nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String t : templates) {
            String candidate = fill(t, key);
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null || bestDistance > Math.max(3, key.length() / 3) ? java.util.Optional.empty()
                : java.util.Optional.of(best);
    }

    /** {@code orbiter.datasets.*.min-score} for {@code orbiter.datasets.d.min-scroe}: {@code orbiter.datasets.d.min-score}. */
    private static String fill(String template, String key) {
        String[] t = template.split("\\.", -1);
        String[] k = key.split("\\.", -1);
        for (int i = 0; i < t.length && i < k.length; i++) {
            if (t[i].equals("*")) {
                t[i] = k[i];
            }
        }
        return String.join(".", t);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
