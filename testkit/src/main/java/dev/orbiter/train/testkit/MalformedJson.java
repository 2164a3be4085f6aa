package dev.orbiter.train.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Seeded generator of bad request bodies for fuzzing a JSON API, from valid examples: truncated
 * JSON, random bytes, fields with the wrong type, unknown fields, non-finite numbers, deep nesting,
 * wrong top-level shapes and empty bodies. Nearly every body is invalid for an API that checks
 * types strictly; a mutation can stay valid by chance (a string replaced by a string), so tests
 * count acceptances instead of assuming none.
 */
public final class MalformedJson {

    private static final String[] WRONG_VALUES = {"\"not a number\"", "[]", "{}", "true", "-1.5e999", "1e999", "null",
            "\"\\ud800\"", "[1, [2, [3]]]", "12345678901234567890123"};

    private final Random rng;
    private final List<String> examples;

    /** {@code examples}: valid JSON objects whose fields are mutated. */
    public MalformedJson(long seed, List<String> examples) {
        this.rng = new Random(seed);
        this.examples = List.copyOf(examples);
    }

    /** How a service answered one body: its status and whether a 4xx said why. */
    public record Answer(int status, boolean explained, String body) {
    }

    /** All answers of a fuzz run: counts by status, and every answer that broke the rules (5xx, or 4xx without reason). */
    public record Report(Map<Integer, Integer> byStatus, List<String> violations) {
        public int count(int status) {
            return byStatus.getOrDefault(status, 0);
        }
    }

    /** Sends {@code count} bodies through {@code call} and reports how they were answered. */
    public Report send(int count, Function<byte[], Answer> call) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Answer a = call.apply(next());
            byStatus.merge(a.status(), 1, Integer::sum);
            if (a.status() >= 500 || a.status() >= 400 && !a.explained()) {
                violations.add("request " + i + ": " + a.status() + " " + a.body());
            }
        }
        return new Report(byStatus, violations);
    }

    public byte[] next() {
        String ex = examples.get(rng.nextInt(examples.size()));
        switch (rng.nextInt(9)) {
            case 0:
                return ex.substring(0, 1 + rng.nextInt(ex.length() - 1)).getBytes(StandardCharsets.UTF_8);
            case 1: {
                byte[] b = new byte[1 + rng.nextInt(200)];
                rng.nextBytes(b);
                return b;
            }
            case 2:
                return replaceFirstValue(ex).getBytes(StandardCharsets.UTF_8);
            case 3:
                return ex.replaceFirst("\\{", "{\"no_such_field_" + rng.nextInt(1000) + "\": 1, ").getBytes(StandardCharsets.UTF_8);
            case 4:
                return ("[" .repeat(2000 + rng.nextInt(2000))).getBytes(StandardCharsets.UTF_8);
            case 5:
                return (rng.nextBoolean() ? "42" : rng.nextBoolean() ? "\"text\"" : "null").getBytes(StandardCharsets.UTF_8);
            case 6:
                return new byte[0];
            case 7:
                return ex.replace("\"", rng.nextBoolean() ? "'" : "").getBytes(StandardCharsets.UTF_8);
            default:
                return ("[" + ex + ", " + replaceFirstValue(ex) + "]").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The example with one field's value replaced by a value of another type. */
    private String replaceFirstValue(String ex) {
        int colon = nthColon(ex);
        int end = colon + 1;
        int depth = 0;
        boolean inString = false;
        for (; end < ex.length(); end++) {
            char c = ex.charAt(end);
            if (c == '"' && ex.charAt(end - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                if (depth-- == 0) {
                    break;
                }
            } else if (!inString && c == ',' && depth == 0) {
                break;
            }
        }
        return ex.substring(0, colon + 1) + " " + WRONG_VALUES[rng.nextInt(WRONG_VALUES.length)] + ex.substring(end);
    }

    private int nthColon(String ex) {
        int count = (int) ex.chars().filter(c -> c == ':').count();
        int target = rng.nextInt(Math.max(1, count));
        int at = -1;
        for (int i = 0; i <= target; i++) {
            at = ex.indexOf(':', at + 1);
        }
        return Math.max(at, 0);
    }
}
