package dev.orbiter.train.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.internal.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Checks reward request objects and builds {@link RewardEvent}s from them. */
final class RewardRequests {

    private RewardRequests() {
    }

    static List<RewardEvent> parse(RequestValidator validator, List<ObjectNode> objects) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            String at = objects.size() == 1 ? "" : "[" + i + "]";
            check(validator, objects.get(i), at, problems);
        }
        RequestValidator.failIfAny(problems);
        List<RewardEvent> out = new ArrayList<>(objects.size());
        for (ObjectNode o : objects) {
            out.add(RewardEvent.newBuilder().setId(o.hasNonNull("id") ? o.get("id").asText() : Ids.newId())
                    .setStepId(text(o, "step_id")).setTaskId(o.get("task_id").asText()).setAgentId(text(o, "agent_id"))
                    .setStep(o.hasNonNull("step") ? o.get("step").asInt() : null).setValue(o.get("value").asDouble())
                    .setSource(o.path("source").asText("")).setReason(text(o, "reason"))
                    .setTimestamp(timestamp(o.get("timestamp"))).build());
        }
        return out;
    }

    private static void check(RequestValidator validator, ObjectNode o, String at, List<Problem> problems) {
        validator.unknown(o, RequestValidator.REWARD_FIELDS, at, problems);
        RequestValidator.requiredText(o, "task_id", at, problems);
        JsonNode value = o.get("value");
        if (value == null || value.isNull()) {
            problems.add(new Problem(RequestValidator.path(at, "value"), "required"));
        }
        RequestValidator.expect(o, "value", at, n -> n.isNumber() && Double.isFinite(n.asDouble()), "a finite number",
                problems);
        for (String f : List.of("id", "step_id", "agent_id", "source", "reason")) {
            RequestValidator.expect(o, f, at, JsonNode::isTextual, "a string", problems);
        }
        RequestValidator.expect(o, "step", at, n -> n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 0,
                "a non-negative integer", problems);
        RequestValidator.expect(o, "timestamp", at, JsonNode::isNumber, "epoch seconds", problems);
        boolean byId = o.hasNonNull("step_id");
        boolean byCounter = o.hasNonNull("agent_id") && o.hasNonNull("step");
        if (!byId && !byCounter) {
            problems.add(new Problem(RequestValidator.path(at, "step_id"),
                    "required unless agent_id and step name the rewarded step"));
        }
    }

    private static String text(ObjectNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }

    private static Instant timestamp(JsonNode n) {
        if (n == null || n.isNull()) {
            return Instant.now();
        }
        double seconds = n.asDouble();
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    }
}
