package dev.orbiter.train.client.avro;

import dev.orbiter.train.trajectory.PromptGroups;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.ChatMessage;
import dev.orbiter.train.avro.NestedJson;
import dev.orbiter.train.avro.ToolCall;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the library's {@link TrajectoryItem} and the wire event {@link TrajectoryStep}.
 * Lossless for JSON-like values: numbers, strings, booleans and nulls map to the schema's scalar
 * union members, nested lists and maps travel as {@link NestedJson} text. Tool calls keep their
 * shape: OpenAI's {@code {id, type, function: {name, arguments}}} and the flat
 * {@code {name, arguments}} both round-trip, as do non-string arguments. Timestamps are
 * milliseconds on the wire.
 */
public final class StepCodec {

    static final String SHAPE = "_shape";
    static final String ARGUMENTS_JSON = "_arguments_json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StepCodec() {
    }

    /** The wire event of an item, stamped with where it came from and its tenant (may be null). */
    public static TrajectoryStep toStep(TrajectoryItem item, String source, String tenant) {
        Object group = item.metadata().get(PromptGroups.GROUP_ID);
        return TrajectoryStep.newBuilder().setId(item.id()).setTaskId(nz(item.taskId())).setAgentId(nz(item.agentId()))
                .setStep(item.step()).setTimestamp(Instant.ofEpochMilli(item.timestamp().toEpochMilli()))
                .setInput(nz(item.input())).setMessages(each(item.messages(), StepCodec::chatMessage)).setContext(wireMap(item.context()))
                .setOutput(nz(item.output())).setToolCalls(each(item.toolCalls(), StepCodec::toolCall)).setScore(item.score())
                .setStatus(nz(item.status())).setMetadata(wireMap(item.metadata()))
                .setGroupId(group == null ? null : group.toString()).setAttempt(0).setSource(nz(source))
                .setTenant(tenant).build();
    }

    /** The item a wire event carries. */
    public static TrajectoryItem toItem(TrajectoryStep s) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (ChatMessage m : s.getMessages()) {
            messages.add(message(m));
        }
        List<Map<String, Object>> calls = new ArrayList<>();
        for (ToolCall c : s.getToolCalls()) {
            calls.add(toolCall(c));
        }
        Map<String, Object> metadata = javaMap(s.getMetadata());
        if (s.getGroupId() != null) {
            metadata.putIfAbsent(PromptGroups.GROUP_ID, s.getGroupId());
        }
        return TrajectoryItem.builder().id(s.getId()).taskId(s.getTaskId()).agentId(s.getAgentId()).step(s.getStep())
                .timestamp(s.getTimestamp()).input(s.getInput()).messages(messages).context(javaMap(s.getContext()))
                .output(s.getOutput()).toolCalls(calls).score(s.getScore()).status(s.getStatus()).metadata(metadata)
                .build();
    }

    /** The known keys of a message become fields; every other key is kept in {@code extra}. */
    private static ChatMessage chatMessage(Map<String, Object> m) {
        Map<String, Object> extra = new LinkedHashMap<>(m);
        Object role = extra.remove("role");
        Object content = extra.remove("content");
        Object name = extra.remove("name");
        Object toolCallId = extra.remove("tool_call_id");
        Object calls = extra.remove("tool_calls");
        if (content != null && !(content instanceof String)) {
            extra.put("content", content); // multimodal content parts stay JSON
            content = null;
        }
        return ChatMessage.newBuilder().setRole(role == null ? "" : role.toString())
                .setContent((String) content).setName(str(name)).setToolCallId(str(toolCallId))
                .setToolCalls(calls instanceof List ? each(maps((List<?>) calls), StepCodec::toolCall) : List.of())
                .setExtra(wireMap(extra)).build();
    }

    private static <T> List<T> each(List<Map<String, Object>> in, java.util.function.Function<Map<String, Object>, T> f) {
        List<T> out = new ArrayList<>(in.size());
        in.forEach(m -> out.add(f.apply(m)));
        return out;
    }

    private static Map<String, Object> message(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.getRole());
        if (m.getContent() != null) {
            out.put("content", m.getContent());
        }
        if (m.getName() != null) {
            out.put("name", m.getName());
        }
        if (m.getToolCallId() != null) {
            out.put("tool_call_id", m.getToolCallId());
        }
        if (!m.getToolCalls().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            m.getToolCalls().forEach(c -> calls.add(toolCall(c)));
            out.put("tool_calls", calls);
        }
        out.putAll(javaMap(m.getExtra()));
        return out;
    }

    /** An OpenAI-shaped call ({@code function: {name, arguments}}) is flattened; what it adds is kept in {@code extra}. */
    private static ToolCall toolCall(Map<String, Object> c) {
        Map<String, Object> extra = new LinkedHashMap<>(c);
        Object id = extra.remove("id");
        Object type = extra.remove("type");
        Map<String, Object> fields = extra;
        if (extra.get("function") instanceof Map && !extra.containsKey("name")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> function = new LinkedHashMap<>((Map<String, Object>) extra.remove("function"));
            fields = function;
            extra.put(SHAPE, "function");
            function.forEach((k, v) -> {
                if (!k.equals("name") && !k.equals("arguments")) {
                    extra.put("function." + k, v);
                }
            });
        }
        Object name = fields.remove("name");
        Object arguments = fields.remove("arguments");
        if (arguments != null && !(arguments instanceof String)) {
            extra.put(ARGUMENTS_JSON, true);
            arguments = json(arguments);
        }
        return ToolCall.newBuilder().setId(id == null ? "" : id.toString())
                .setType(type == null ? "" : type.toString()).setName(name == null ? "" : name.toString())
                .setArguments(arguments == null ? "" : arguments.toString()).setExtra(wireMap(extra)).build();
    }

    private static Map<String, Object> toolCall(ToolCall c) {
        Map<String, Object> extra = javaMap(c.getExtra());
        boolean nested = "function".equals(extra.remove(SHAPE));
        Object arguments = Boolean.TRUE.equals(extra.remove(ARGUMENTS_JSON)) ? parse(c.getArguments()) : c.getArguments();
        Map<String, Object> out = new LinkedHashMap<>();
        if (!c.getId().isEmpty()) {
            out.put("id", c.getId());
        }
        if (!c.getType().isEmpty()) {
            out.put("type", c.getType());
        }
        if (nested) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", c.getName());
            function.put("arguments", arguments);
            extra.entrySet().removeIf(e -> {
                if (e.getKey().startsWith("function.")) {
                    function.put(e.getKey().substring("function.".length()), e.getValue());
                    return true;
                }
                return false;
            });
            out.put("function", function);
        } else {
            out.put("name", c.getName());
            out.put("arguments", arguments);
        }
        out.putAll(extra);
        return out;
    }

    /** A JSON-like map as the schema's map of scalar-or-NestedJson values. */
    static Map<String, Object> wireMap(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, wireValue(v)));
        return out;
    }

    static Object wireValue(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map || v instanceof List) {
            return new NestedJson(json(v));
        }
        return v.toString();
    }

    static Map<String, Object> javaMap(Map<String, Object> wire) {
        Map<String, Object> out = new LinkedHashMap<>();
        wire.forEach((k, v) -> out.put(k, v instanceof NestedJson ? parse(((NestedJson) v).getJson()) : v));
        return out;
    }

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }

    private static Object parse(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("NestedJson is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(List<?> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException("tool_calls entries must be objects, got " + o);
            }
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
