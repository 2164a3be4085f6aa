package dev.orbiter.train.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbiter.train.client.http.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fields one endpoint accepts, each with its type and whether it is required: the one place
 * where a request object's rules are written. {@link #check} collects every problem of an object.
 */
final class Fields {

    /** A field's type, and the words a 400 uses for it. */
    enum Type {
        TEXT("a string", JsonNode::isTextual),
        NON_BLANK_TEXT("a non-empty string", n -> n.isTextual() && !n.asText().isBlank()),
        NON_NEGATIVE_INT("a non-negative integer", n -> n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 0),
        FINITE_NUMBER("a finite number", n -> n.isNumber() && Double.isFinite(n.asDouble())),
        EPOCH_SECONDS("epoch seconds", JsonNode::isNumber),
        EPOCH_SECONDS_OR_ISO("epoch seconds or an ISO-8601 string", n -> n.isNumber() || n.isTextual()),
        OBJECT("an object", JsonNode::isObject),
        OBJECTS("an array of objects", Fields::arrayOfObjects);

        final String words;
        final Predicate<JsonNode> ok;

        Type(String words, Predicate<JsonNode> ok) {
            this.words = words;
            this.ok = ok;
        }
    }

    private record Field(Type type, boolean required) {
    }

    /** A rule that spans fields, checked after each field's own. */
    @FunctionalInterface
    interface Rule {
        void check(ObjectNode o, String at, List<Problem> problems);
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<Rule> rules = new ArrayList<>();

    Fields optional(Type type, String... names) {
        for (String n : names) {
            fields.put(n, new Field(type, false));
        }
        return this;
    }

    Fields required(Type type, String... names) {
        for (String n : names) {
            fields.put(n, new Field(type, true));
        }
        return this;
    }

    Fields rule(Rule rule) {
        rules.add(rule);
        return this;
    }

    /** Every problem of the object at {@code at} ("" for a single object, "[i]" in a batch). */
    List<Problem> check(ObjectNode o, String at, boolean rejectUnknown) {
        List<Problem> problems = new ArrayList<>();
        if (rejectUnknown) {
            for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.containsKey(name)) {
                    problems.add(new Problem(path(at, name), "unknown field"));
                }
            }
        }
        fields.forEach((name, f) -> {
            JsonNode n = o.get(name);
            if (n == null || n.isNull()) {
                if (f.required()) {
                    problems.add(new Problem(path(at, name), "required"));
                }
            } else if (!f.type().ok.test(n)) {
                problems.add(new Problem(path(at, name), "must be " + f.type().words + ", got " + kind(n)));
            }
        });
        rules.forEach(r -> r.check(o, at, problems));
        return problems;
    }

    static String path(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isNumber()) {
            return Double.isFinite(n.asDouble()) ? "number " + n.asText() : "non-finite number " + n.asText();
        }
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static boolean arrayOfObjects(JsonNode n) {
        if (!n.isArray()) {
            return false;
        }
        for (JsonNode e : n) {
            if (!e.isObject()) {
                return false;
            }
        }
        return true;
    }
}
