package dev.orbiter.train.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbiter.train.trajectory.TrajectoryError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks request bodies at the edge and turns them into items; collects every problem (field and
 * reason) instead of stopping at the first, so one 400 tells the client all it must fix. Field
 * names are those of {@code TrajectoryItem.toMap()}.
 */
final class RequestValidator {

    static final Set<String> STEP_FIELDS = Set.of("id", "task_id", "agent_id", "step", "timestamp", "input",
            "messages", "context", "output", "tool_calls", "score", "status", "metadata");
    static final Set<String> MESSAGES_FIELDS = Set.of("messages", "task_id", "agent_id", "score", "status", "metadata");
    static final Set<String> REWARD_FIELDS = Set.of("id", "step_id", "task_id", "agent_id", "step", "value", "source",
            "reason", "timestamp");

    private final ObjectMapper mapper;
    private final CaptureConfig config;

    RequestValidator(ObjectMapper mapper, CaptureConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    /** The body as JSON: size-checked, parsed, an object or (when allowed) an array of objects. */
    List<ObjectNode> objects(byte[] body, boolean arrayAllowed) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("body", "empty body: expected JSON");
        }
        if (body.length > config.maxBodyBytes()) {
            throw new BadRequestException("body", "larger than " + config.maxBodyBytes() + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestException("body", "unreadable body: " + e.getMessage());
        }
        List<ObjectNode> out = new ArrayList<>();
        if (root != null && root.isObject()) {
            out.add((ObjectNode) root);
        } else if (root != null && root.isArray() && arrayAllowed) {
            if (root.isEmpty()) {
                throw new BadRequestException("body", "empty array: nothing to capture");
            }
            if (root.size() > config.maxBatchSize()) {
                throw new BadRequestException("body", root.size() + " items, more than the batch limit of "
                        + config.maxBatchSize());
            }
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; i < root.size(); i++) {
                if (root.get(i).isObject()) {
                    out.add((ObjectNode) root.get(i));
                } else {
                    problems.add(new Problem("[" + i + "]", "must be an object, got " + kind(root.get(i))));
                }
            }
            failIfAny(problems);
        } else {
            throw new BadRequestException("body", "must be a JSON object" + (arrayAllowed ? " or an array of objects" : "")
                    + ", got " + kind(root));
        }
        return out;
    }

    /** Steps: every object checked, then all built; nothing is returned unless all are good. */
    List<TrajectoryItem> steps(List<ObjectNode> objects) {
        List<Problem> problems = new ArrayList<>();
        List<TrajectoryItem> items = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            String at = objects.size() == 1 ? "" : "[" + i + "]";
            ObjectNode o = objects.get(i);
            int before = problems.size();
            unknown(o, STEP_FIELDS, at, problems);
            requiredText(o, "task_id", at, problems);
            types(o, at, problems);
            if (problems.size() == before) {
                try {
                    items.add(TrajectoryItem.fromMap(mapper.convertValue(o, Map.class)));
                } catch (TrajectoryError | IllegalArgumentException e) {
                    problems.add(new Problem(at.isEmpty() ? "body" : at, e.getMessage()));
                }
            }
        }
        failIfAny(problems);
        return items;
    }

    void types(ObjectNode o, String at, List<Problem> problems) {
        for (String f : List.of("id", "agent_id", "input", "output", "status")) {
            expect(o, f, at, JsonNode::isTextual, "a string", problems);
        }
        expect(o, "step", at, n -> n.canConvertToInt() && n.isIntegralNumber() && n.asInt() >= 0,
                "a non-negative integer", problems);
        expect(o, "timestamp", at, n -> n.isNumber() || n.isTextual(), "epoch seconds or an ISO-8601 string", problems);
        expect(o, "score", at, n -> n.isNumber() && Double.isFinite(n.asDouble()), "a finite number", problems);
        expect(o, "context", at, JsonNode::isObject, "an object", problems);
        expect(o, "metadata", at, JsonNode::isObject, "an object", problems);
        expect(o, "messages", at, RequestValidator::arrayOfObjects, "an array of objects", problems);
        expect(o, "tool_calls", at, RequestValidator::arrayOfObjects, "an array of objects", problems);
    }

    void unknown(ObjectNode o, Set<String> known, String at, List<Problem> problems) {
        if (!"reject".equals(config.unknownFields())) {
            return;
        }
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(new Problem(path(at, name), "unknown field"));
            }
        }
    }

    static void requiredText(ObjectNode o, String field, String at, List<Problem> problems) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull() || !n.isTextual() || n.asText().isBlank()) {
            problems.add(new Problem(path(at, field), n == null || n.isNull() ? "required" : "must be a non-empty string"));
        }
    }

    /** A present, non-null field must pass the check. */
    static void expect(ObjectNode o, String field, String at, java.util.function.Predicate<JsonNode> ok, String what,
                       List<Problem> problems) {
        JsonNode n = o.get(field);
        if (n != null && !n.isNull() && !ok.test(n)) {
            problems.add(new Problem(path(at, field), "must be " + what + ", got " + kind(n)));
        }
    }

    static void failIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new BadRequestException(problems);
        }
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
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
