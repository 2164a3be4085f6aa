package dev.orbiter.train.capture;

import static dev.orbiter.train.capture.Fields.Type.EPOCH_SECONDS;
import static dev.orbiter.train.capture.Fields.Type.EPOCH_SECONDS_OR_ISO;
import static dev.orbiter.train.capture.Fields.Type.FINITE_NUMBER;
import static dev.orbiter.train.capture.Fields.Type.NON_BLANK_TEXT;
import static dev.orbiter.train.capture.Fields.Type.NON_NEGATIVE_INT;
import static dev.orbiter.train.capture.Fields.Type.OBJECT;
import static dev.orbiter.train.capture.Fields.Type.OBJECTS;
import static dev.orbiter.train.capture.Fields.Type.TEXT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.internal.Ids;
import dev.orbiter.train.trajectory.TrajectoryError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The one validator of capture requests: each endpoint's fields ({@link Fields}), checked for every
 * object of the body, every problem collected (so one 400 tells the client all it must fix), and
 * only then the typed request built. Nothing is returned, so nothing is sent, unless the whole body
 * is good. Field names are those of {@code TrajectoryItem.toMap()}.
 */
final class CaptureRequests {

    static final Fields STEP = new Fields().required(NON_BLANK_TEXT, "task_id")
            .optional(TEXT, "id", "agent_id", "input", "output", "status").optional(NON_NEGATIVE_INT, "step")
            .optional(EPOCH_SECONDS_OR_ISO, "timestamp").optional(FINITE_NUMBER, "score")
            .optional(OBJECT, "context", "metadata").optional(OBJECTS, "messages", "tool_calls");
    static final Fields MESSAGES = new Fields().required(NON_BLANK_TEXT, "task_id").required(OBJECTS, "messages")
            .optional(TEXT, "agent_id", "status").optional(NON_BLANK_TEXT, "id").optional(NON_NEGATIVE_INT, "step")
            .optional(FINITE_NUMBER, "score").optional(OBJECT, "metadata");
    static final Fields REWARD = new Fields().required(NON_BLANK_TEXT, "task_id").required(FINITE_NUMBER, "value")
            .optional(TEXT, "id", "step_id", "agent_id", "source", "reason").optional(NON_NEGATIVE_INT, "step")
            .optional(EPOCH_SECONDS, "timestamp").rule(CaptureRequests::rewardTarget);

    /**
     * A {@code POST /v1/messages} object: the service builds the step from it. {@code id} and
     * {@code step} are the client's when it sends them (null otherwise).
     */
    record MessagesRequest(List<Map<String, Object>> messages, String taskId, String agentId, String id, Integer step,
                           Map<String, Object> options) {
    }

    private final RequestBodies bodies;
    private final boolean rejectUnknown;

    CaptureRequests(ObjectMapper mapper, CaptureConfig config) {
        this.bodies = new RequestBodies(mapper, config.maxBodyBytes(), config.maxBatchSize());
        this.rejectUnknown = "reject".equals(config.unknownFields());
    }

    /** {@code POST /v1/steps}: one step or an array of them. */
    List<TrajectoryItem> steps(byte[] body) {
        return each(bodies.objects(body), STEP, (o, at) -> {
            try {
                return TrajectoryItem.fromMap(JsonValues.map(o));
            } catch (TrajectoryError | IllegalArgumentException e) {
                throw new BadRequestException(at.isEmpty() ? "body" : at, e.getMessage());
            }
        });
    }

    /** {@code POST /v1/messages}: raw chat messages of a task and agent. */
    List<MessagesRequest> messages(byte[] body) {
        return each(bodies.objects(body), MESSAGES, (o, at) -> new MessagesRequest(list(o.get("messages")),
                o.get("task_id").asText(), o.path("agent_id").asText(""), text(o, "id"),
                o.hasNonNull("step") ? o.get("step").asInt() : null, options(o)));
    }

    /** {@code POST /v1/rewards}: late rewards, by step id or by task, agent and step counter. */
    List<RewardEvent> rewards(byte[] body) {
        return each(bodies.objects(body), REWARD, (o, at) -> RewardEvent.newBuilder()
                .setId(o.hasNonNull("id") ? o.get("id").asText() : Ids.newId()).setStepId(text(o, "step_id"))
                .setTaskId(o.get("task_id").asText()).setAgentId(text(o, "agent_id"))
                .setStep(o.hasNonNull("step") ? o.get("step").asInt() : null).setValue(o.get("value").asDouble())
                .setSource(o.path("source").asText("")).setReason(text(o, "reason"))
                .setTimestamp(epochSeconds(o.get("timestamp"))).build());
    }

    /** Checks every object, then builds them all, or throws with every problem. */
    private <T> List<T> each(List<ObjectNode> objects, Fields fields, BiFunction<ObjectNode, String, T> build) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            String at = objects.size() == 1 ? "" : "[" + i + "]";
            problems.addAll(fields.check(objects.get(i), at, rejectUnknown));
        }
        RequestBodies.failIfAny(problems);
        List<T> out = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            try {
                out.add(build.apply(objects.get(i), objects.size() == 1 ? "" : "[" + i + "]"));
            } catch (BadRequestException e) {
                problems.addAll(e.problems());
            }
        }
        RequestBodies.failIfAny(problems);
        return out;
    }

    /** A reward names its step: by {@code step_id}, or by {@code agent_id} and {@code step}. */
    private static void rewardTarget(ObjectNode o, String at, List<Problem> problems) {
        if (!o.hasNonNull("step_id") && !(o.hasNonNull("agent_id") && o.hasNonNull("step"))) {
            problems.add(new Problem(Fields.path(at, "step_id"), "required unless agent_id and step name the rewarded step"));
        }
    }

    private static List<Map<String, Object>> list(JsonNode messages) {
        List<Map<String, Object>> out = new ArrayList<>();
        messages.forEach(m -> out.add(JsonValues.map(m)));
        return out;
    }

    private static Map<String, Object> options(ObjectNode o) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (o.hasNonNull("score")) {
            options.put("score", o.get("score").asDouble());
        }
        if (o.hasNonNull("status")) {
            options.put("status", o.get("status").asText());
        }
        if (o.hasNonNull("metadata")) {
            options.put("metadata", JsonValues.map(o.get("metadata")));
        }
        return options;
    }

    private static String text(ObjectNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }

    private static Instant epochSeconds(JsonNode n) {
        if (n == null || n.isNull()) {
            return Instant.now();
        }
        double seconds = n.asDouble();
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    }
}
