package dev.orbiter.train.capture.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.CapturedCallKind;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.internal.Ids;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chat completion through the gateway as a captured call: the request's messages and tools,
 * the answer's message and tool calls, and in metadata (under the OpenTelemetry GenAI names the
 * OTLP receiver uses too) model, finish reason, usage and latency, plus the token ids and logprobs
 * when the upstream returned them (on-policy RL needs them). The call's counter is set by the
 * curation's call assembly, so replicas of the gateway never number a task twice.
 */
public final class GatewayCalls {

    private final ObjectMapper mapper;

    public GatewayCalls(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The call of {@code request} answered by {@code response} (both chat-completions JSON). */
    public CapturedCall call(JsonNode request, JsonNode response, String task, String agent, String tenant,
                             Instant started, double latencyMs, boolean streamed) {
        JsonNode choice = response.path("choices").path(0);
        JsonNode answer = choice.path("message");
        List<Map<String, Object>> messages = new ArrayList<>(list(request.path("messages")));
        Map<String, Object> reply = map(answer);
        reply.putIfAbsent("role", "assistant");
        messages.add(reply);
        TrajectoryItem item = TrajectoryItem.builder().id("gw-" + Ids.newId()).taskId(task).agentId(agent).step(0)
                .timestamp(started.plusNanos((long) (latencyMs * 1e6))).input(lastUserText(request.path("messages")))
                .output(answer.path("content").asText("")).messages(messages).toolCalls(list(answer.path("tool_calls")))
                .metadata(metadata(request, response, choice, latencyMs, streamed)).build();
        return CapturedCall.newBuilder().setId(item.id()).setKind(CapturedCallKind.MODEL_CALL).setTaskId(task)
                .setAgentId(agent).setStartTime(started).setStep(StepCodec.toStep(item, "gateway", tenant)).build();
    }

    private Map<String, Object> metadata(JsonNode request, JsonNode response, JsonNode choice, double latencyMs,
                                         boolean streamed) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "gen_ai.operation.name", "chat");
        put(m, "gen_ai.request.model", request.path("model").asText(null));
        put(m, "gen_ai.response.model", response.path("model").asText(null));
        put(m, "gen_ai.response.id", response.path("id").asText(null));
        if (choice.hasNonNull("finish_reason")) {
            m.put("gen_ai.response.finish_reasons", List.of(choice.get("finish_reason").asText()));
        }
        JsonNode usage = response.path("usage");
        if (usage.has("prompt_tokens")) {
            m.put("gen_ai.usage.input_tokens", usage.get("prompt_tokens").asLong());
        }
        if (usage.has("completion_tokens")) {
            m.put("gen_ai.usage.output_tokens", usage.get("completion_tokens").asLong());
        }
        for (String param : List.of("temperature", "top_p", "max_tokens", "seed", "n")) {
            if (request.hasNonNull(param)) {
                m.put("gen_ai.request." + param, value(request.get(param)));
            }
        }
        if (request.has("tools")) {
            m.put("tools", value(request.get("tools")));
        }
        put(m, "logprobs", choice.path("logprobs"));
        put(m, "response_token_ids", choice.path("token_ids"));
        put(m, "prompt_token_ids", response.has("prompt_token_ids") ? response.get("prompt_token_ids")
                : choice.path("prompt_token_ids"));
        m.put("latency_ms", latencyMs);
        m.put("gateway.stream", streamed);
        return m;
    }

    private void put(Map<String, Object> m, String key, Object v) {
        if (v instanceof JsonNode n) {
            if (!n.isMissingNode() && !n.isNull()) {
                m.put(key, value(n));
            }
        } else if (v != null) {
            m.put(key, v);
        }
    }

    private Object value(JsonNode n) {
        return mapper.convertValue(n, Object.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (n.isObject()) {
            out.putAll(mapper.convertValue(n, Map.class));
            out.values().removeIf(java.util.Objects::isNull); // "refusal": null and the like carry nothing
        }
        return out;
    }

    private List<Map<String, Object>> list(JsonNode n) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(map(x)));
        }
        return out;
    }

    /** The text of the last user message (string content, or its text parts). */
    private static String lastUserText(JsonNode messages) {
        String text = "";
        for (JsonNode m : messages) {
            if ("user".equals(m.path("role").asText())) {
                JsonNode c = m.path("content");
                if (c.isArray()) {
                    StringBuilder b = new StringBuilder();
                    c.forEach(p -> b.append(p.path("text").asText("")));
                    text = b.toString();
                } else {
                    text = c.asText("");
                }
            }
        }
        return text;
    }
}
