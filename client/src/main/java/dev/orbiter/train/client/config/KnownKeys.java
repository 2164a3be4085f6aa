package dev.orbiter.train.client.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The settings a component reads, as templates ({@code orbiter.datasets.*.min-score}, where
 * {@code *} is one name: letters, digits, '-' and '_'), so that a setting nothing reads is an error
 * at startup, naming the key and the nearest valid one, instead of being silently ignored.
 */
public final class KnownKeys {

    private static final String NAME = "[A-Za-z0-9_-]+";

    private final List<String> templates;
    private final List<Pattern> patterns = new ArrayList<>();

    private KnownKeys(List<String> templates) {
        this.templates = List.copyOf(templates);
        for (String t : templates) {
            patterns.add(Pattern.compile(Pattern.quote(t).replace("*", "\\E" + NAME + "\\Q")));
        }
    }

    public static KnownKeys of(Collection<String> templates) {
        return new KnownKeys(new ArrayList<>(templates));
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
