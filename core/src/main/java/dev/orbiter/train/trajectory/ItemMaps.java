package dev.orbiter.train.trajectory;

import dev.orbiter.train.internal.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between {@link TrajectoryItem} and its snake_case map form (JSON/CSV keys). */
final class ItemMaps {

    /** The keys of {@code toMap()}, in field order: JSON key order and CSV column order. */
    static final List<String> KEYS = List.of("id", "task_id", "agent_id", "step", "timestamp", "input", "messages",
            "context", "output", "tool_calls", "score", "status", "metadata");

    private ItemMaps() {
    }

    static Map<String, Object> toMap(TrajectoryItem item) {
        Map<String, Object> m = new LinkedHashMap<>(24);
        m.put("id", item.id());
        m.put("task_id", item.taskId());
        m.put("agent_id", item.agentId());
        m.put("step", item.step());
        m.put("timestamp", epochSeconds(item.timestamp()));
        m.put("input", item.input());
        m.put("messages", item.messages());
        m.put("context", item.context());
        m.put("output", item.output());
        m.put("tool_calls", item.toolCalls());
        m.put("score", item.score());
        m.put("status", item.status());
        m.put("metadata", item.metadata());
        return m;
    }

    @SuppressWarnings("unchecked")
    static TrajectoryItem fromMap(Map<String, ?> map) {
        if (map == null) {
            throw new TrajectoryError("cannot build a TrajectoryItem from null");
        }
        TrajectoryItem.Builder b = TrajectoryItem.builder()
                .id(string(map, "id"))
                .taskId(string(map, "task_id"))
                .agentId(string(map, "agent_id"))
                .input(string(map, "input"))
                .output(string(map, "output"))
                .status(string(map, "status"))
                .timestamp(timestamp(map.get("timestamp")))
                .messages((List<Map<String, ?>>) listOfMaps(map, "messages"))
                .toolCalls((List<Map<String, ?>>) listOfMaps(map, "tool_calls"))
                .context(object(map, "context"))
                .metadata(object(map, "metadata"));
        Object step = map.get("step");
        if (step != null) {
            b.step(integral(step, "step"));
        }
        Object score = map.get("score");
        if (score != null) {
            if (!(score instanceof Number)) {
                throw wrongType("score", "number", score);
            }
            double d = ((Number) score).doubleValue();
            if (!Double.isFinite(d)) {
                throw new TrajectoryError("Invalid value for 'score': must be finite, got " + d);
            }
            b.score(d);
        }
        return b.build();
    }

    /** Epoch seconds with microsecond precision, as Python's {@code datetime.timestamp()}. */
    static double epochSeconds(Instant ts) {
        return ts.getEpochSecond() + ts.getNano() / 1_000_000_000.0;
    }

    /** The exact decimal text of the epoch seconds (no exponent), for JSON and CSV. */
    static String epochSecondsText(Instant ts) {
        char[] buf = new char[EPOCH_CHARS];
        int n = epochSecondsChars(ts, buf);
        return n < 0 ? slowEpochSecondsText(ts) : new String(buf, 0, n);
    }

    /** Room for any instant's {@link #epochSecondsChars}: 19 digits, the point, 6 digits. */
    static final int EPOCH_CHARS = 32;

    /**
     * The epoch seconds' text into {@code buf} (at least {@link #EPOCH_CHARS} long), without
     * building strings: {@code <secs>[.<micros without trailing zeros>]}; the count written, or -1
     * for an instant before 1970 (then {@link #epochSecondsText} takes the BigDecimal path). A JSONL
     * export writes these characters directly: the string concatenation this replaced was about 6%
     * of its encoding samples (JFR).
     */
    static int epochSecondsChars(Instant ts, char[] buf) {
        long secs = ts.getEpochSecond();
        if (secs < 0) {
            return -1;
        }
        int n = 0;
        do {
            buf[n++] = (char) ('0' + secs % 10);
            secs /= 10;
        } while (secs > 0);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            char c = buf[i];
            buf[i] = buf[j];
            buf[j] = c;
        }
        int micros = ts.getNano() / 1000;
        if (micros == 0) {
            return n;
        }
        buf[n++] = '.';
        for (int div = 100_000; micros > 0; div /= 10) { // stops after the last non-zero digit
            buf[n++] = (char) ('0' + micros / div);
            micros %= div;
        }
        return n;
    }

    private static String slowEpochSecondsText(Instant ts) {
        long micros = Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1000);
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }

    static Instant fromEpochSeconds(double seconds) {
        long micros = Math.round(seconds * 1_000_000.0);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static Instant timestamp(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            return fromEpochSeconds(((Number) v).doubleValue());
        }
        if (v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            try {
                return fromEpochSeconds(Double.parseDouble(s));
            } catch (NumberFormatException notANumber) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e) {
                    throw new TrajectoryError("Invalid value for 'timestamp': expected epoch seconds or ISO-8601, got '"
                            + s + "'", e);
                }
            }
        }
        throw wrongType("timestamp", "number", v);
    }

    private static String string(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(key, "string", v);
    }

    private static int integral(Object v, String key) {
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw wrongType(key, "integer", v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v == null || v instanceof Map) {
            return (Map<String, ?>) v;
        }
        throw wrongType(key, "object", v);
    }

    private static List<?> listOfMaps(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List)) {
            throw wrongType(key, "array of objects", v);
        }
        List<?> list = (List<?>) v;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw new TrajectoryError("Invalid value for '" + key + "[" + i + "]': expected object, got "
                        + Json.typeName(list.get(i)));
            }
        }
        return list;
    }

    private static TrajectoryError wrongType(String key, String expected, Object v) {
        return new TrajectoryError("Invalid value for '" + key + "': expected " + expected + ", got "
                + Json.typeName(v) + " (" + v + ")");
    }
}
