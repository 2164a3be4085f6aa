package dev.orbiter.train.curation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Group-aware curation of one dataset ({@code orbiter.datasets.<d>.group.*}, off unless
 * {@code group.size} is set): the candidates of a prompt group ({@code group_id}, else the input)
 * are held by {@link GroupProcessor} until {@code size} distinct ones have arrived, or
 * {@code closeAfter} has passed since the first, and then released together.
 *
 * @param size       candidates that complete a group ({@code group.size})
 * @param closeAfter how long the first candidate waits for the others ({@code group.close-after}, 60 s)
 * @param incomplete what happens to a group that closes short: released as it is or dropped
 *                   ({@code group.incomplete}, release)
 * @param minSize    fewer candidates than this are always dropped, released or not ({@code group.min-size}, 1)
 * @param filter     {@code zero-variance} drops a closed group whose scores are all equal: it carries
 *                   no learning signal for GRPO ({@code group.filter}, none)
 * @param retention  how long a closed group is remembered, so a late reward or a straggler after its
 *                   close is routed right ({@code group.retention}, 7 d)
 */
public record GroupSettings(int size, Duration closeAfter, Incomplete incomplete, int minSize, Filter filter,
                            Duration retention) {

    /** The keys under {@code orbiter.datasets.<d>.}. */
    static final List<String> KEYS = List.of("group.size", "group.close-after", "group.incomplete", "group.min-size",
            "group.filter", "group.retention");

    /** What a group that closes short of {@code size} becomes. */
    public enum Incomplete { RELEASE, DROP }

    /** Which closed groups are dropped for what their scores say. */
    public enum Filter { NONE, ZERO_VARIANCE }

    public GroupSettings {
        if (size < 2) {
            throw new IllegalArgumentException("group.size must be >= 2 (a group of one is a plain dataset), got " + size);
        }
        if (minSize < 1 || minSize > size) {
            throw new IllegalArgumentException("group.min-size must be in [1, group.size=" + size + "], got " + minSize);
        }
        if (closeAfter.isNegative() || closeAfter.isZero()) {
            throw new IllegalArgumentException("group.close-after must be positive, got " + closeAfter);
        }
        if (retention.compareTo(closeAfter) < 0) {
            throw new IllegalArgumentException("group.retention (" + retention + ") must be at least group.close-after ("
                    + closeAfter + ")");
        }
    }

    /** The group settings of a dataset from its own keys ({@code own}: without the dataset prefix), or null when off. */
    static GroupSettings from(String prefix, Map<String, String> own) {
        if (!own.containsKey("group.size") || own.get("group.size").isBlank()) {
            for (String k : KEYS) {
                if (own.containsKey(k)) {
                    throw new IllegalArgumentException(prefix + k + " needs " + prefix + "group.size");
                }
            }
            return null;
        }
        int size = integer(prefix + "group.size", own.get("group.size"));
        return new GroupSettings(size, CurationSettings.parseDuration(prefix + "group.close-after",
                own.getOrDefault("group.close-after", "60s")),
                choice(prefix + "group.incomplete", own.getOrDefault("group.incomplete", "release"), Incomplete.class),
                own.containsKey("group.min-size") ? integer(prefix + "group.min-size", own.get("group.min-size")) : 1,
                choice(prefix + "group.filter", own.getOrDefault("group.filter", "none"), Filter.class),
                CurationSettings.parseDuration(prefix + "group.retention", own.getOrDefault("group.retention", "7d")));
    }

    private static int integer(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static <E extends Enum<E>> E choice(String key, String v, Class<E> type) {
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)
                    .replace('_', '-')).toList() + ", got '" + v + "'");
        }
    }
}
