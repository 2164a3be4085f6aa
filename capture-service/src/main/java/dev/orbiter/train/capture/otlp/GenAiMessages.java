package dev.orbiter.train.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat of a GenAI span as OpenAI-shaped messages ({@code role}, {@code content},
 * {@code tool_calls: [{id, type, function: {name, arguments}}]}, {@code tool_call_id}), from the
 * current conventions ({@code gen_ai.input.messages} / {@code gen_ai.output.messages} /
 * {@code gen_ai.system_instructions}, JSON with typed parts) and from the older forms deployed
 * instrumentations still send: {@code gen_ai.prompt} / {@code gen_ai.completion} as JSON or text,
 * indexed {@code gen_ai.prompt.<i>.role|content} attributes, and content span events.
 */
final class GenAiMessages {

    private static final Pattern INDEXED = Pattern.compile("gen_ai\\.(prompt|completion)\\.(\\d+)\\.(.+)");

    private final ObjectMapper mapper;

    GenAiMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The conversation sent to the model (system instructions first). */
    List<Map<String, Object>> input(OtlpSpan s) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object system = s.attributes().get("gen_ai.system_instructions");
        if (system != null) {
            String text;
            try {
                text = partsText(json(system));
            } catch (IllegalArgumentException e) {
                text = system.toString(); // some instrumentations send the instructions as plain text
            }
            out.add(message("system", text));
        }
        Object input = s.attributes().get("gen_ai.input.messages");
        if (input != null) {
            json(input).forEach(m -> out.add(fromParts(m)));
            return out;
        }
        return legacy(s, "prompt", "user", out);
    }

    /** What the model answered. */
    List<Map<String, Object>> output(OtlpSpan s) {
        Object output = s.attributes().get("gen_ai.output.messages");
        if (output != null) {
            List<Map<String, Object>> out = new ArrayList<>();
            json(output).forEach(m -> out.add(fromParts(m)));
            return out;
        }
        return legacy(s, "completion", "assistant", new ArrayList<>());
    }

    /** A message of the current conventions: typed parts become content, tool calls and tool answers. */
    private Map<String, Object> fromParts(JsonNode m) {
        String role = m.path("role").asText("user");
        StringBuilder text = new StringBuilder();
        List<Map<String, Object>> calls = new ArrayList<>();
        String answered = null;
        for (JsonNode part : m.path("parts")) {
            switch (part.path("type").asText()) {
                case "text", "reasoning" -> text.append(text.isEmpty() ? "" : "\n").append(part.path("content").asText());
                case "tool_call" -> calls.add(toolCall(part.path("id").asText(""), part.path("name").asText(""),
                        part.get("arguments")));
                case "tool_call_response" -> {
                    answered = part.path("id").asText(null);
                    JsonNode r = part.get("response");
                    text.append(r == null || r.isNull() ? "" : r.isTextual() ? r.asText() : r.toString());
                }
                default -> { } // media and other parts: not text a trainer reads; left out
            }
        }
        Map<String, Object> out = message(role, text.isEmpty() && !calls.isEmpty() ? null : text.toString());
        if (!calls.isEmpty()) {
            out.put("tool_calls", calls);
        }
        if (answered != null) {
            out.put("tool_call_id", answered);
        }
        if (m.hasNonNull("finish_reason")) {
            out.put("finish_reason", m.get("finish_reason").asText());
        }
        return out;
    }

    /** The older forms: one attribute (JSON messages or plain text), indexed attributes, or content events. */
    private List<Map<String, Object>> legacy(OtlpSpan s, String kind, String role, List<Map<String, Object>> out) {
        Object whole = s.attributes().get("gen_ai." + kind);
        for (OtlpSpan.Event e : s.events()) {
            if (whole == null && e.name().equals("gen_ai.content." + kind)) {
                whole = e.attributes().get("gen_ai." + kind);
            }
        }
        if (whole != null) {
            out.addAll(messagesOrText(whole.toString(), role));
            return out;
        }
        Map<Integer, Map<String, Object>> indexed = new TreeMap<>();
        s.attributes().forEach((k, v) -> {
            Matcher m = INDEXED.matcher(k);
            if (m.matches() && m.group(1).equals(kind)) {
                indexed.computeIfAbsent(Integer.parseInt(m.group(2)), i -> new LinkedHashMap<>()).put(m.group(3), v);
            }
        });
        indexed.values().forEach(fields -> out.add(indexedMessage(fields, role)));
        if (indexed.isEmpty()) {
            for (OtlpSpan.Event e : s.events()) { // gen_ai.user.message, gen_ai.choice, ...
                String r = eventRole(e.name());
                if (r != null && r.equals("assistant") == kind.equals("completion")) {
                    Object content = e.attributes().containsKey("content") ? e.attributes().get("content")
                            : e.attributes().get("message");
                    out.add(message(r, content == null ? "" : content.toString()));
                }
            }
        }
        return out;
    }

    private static String eventRole(String event) {
        return switch (event) {
            case "gen_ai.system.message" -> "system";
            case "gen_ai.user.message" -> "user";
            case "gen_ai.tool.message" -> "tool";
            case "gen_ai.assistant.message", "gen_ai.choice" -> "assistant";
            default -> null;
        };
    }

    private Map<String, Object> indexedMessage(Map<String, Object> fields, String role) {
        Map<String, Object> m = message(String.valueOf(fields.getOrDefault("role", role)),
                fields.get("content") == null ? null : fields.get("content").toString());
        Map<Integer, Map<String, Object>> calls = new TreeMap<>();
        fields.forEach((k, v) -> {
            String[] p = k.split("\\.", 3);
            if (p.length == 3 && p[0].equals("tool_calls")) {
                calls.computeIfAbsent(Integer.parseInt(p[1]), i -> new LinkedHashMap<>()).put(p[2], v);
            }
        });
        if (!calls.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            calls.values().forEach(c -> list.add(toolCall(String.valueOf(c.getOrDefault("id", "")),
                    String.valueOf(c.getOrDefault("name", "")), c.get("arguments") == null ? null
                            : mapper.getNodeFactory().textNode(c.get("arguments").toString()))));
            m.put("tool_calls", list);
        }
        return m;
    }

    private List<Map<String, Object>> messagesOrText(String text, String role) {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            JsonNode n = mapper.readTree(text);
            if (n != null && n.isArray()) {
                n.forEach(m -> out.add(m.has("parts") ? fromParts(m)
                        : message(m.path("role").asText(role), m.path("content").asText(""))));
                return out;
            }
        } catch (java.io.IOException e) {
            // not JSON: the attribute is the text itself
        }
        out.add(message(role, text));
        return out;
    }

    private Map<String, Object> toolCall(String id, String name, JsonNode arguments) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        function.put("arguments", arguments == null || arguments.isNull() ? "{}"
                : arguments.isTextual() ? arguments.asText() : arguments.toString());
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", id);
        call.put("type", "function");
        call.put("function", function);
        return call;
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        if (content != null) {
            m.put("content", content);
        }
        return m;
    }

    private String partsText(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode p : parts.isArray() ? parts : List.of(parts)) {
            String t = p.isTextual() ? p.asText() : p.path("content").asText("");
            text.append(text.isEmpty() ? "" : "\n").append(t);
        }
        return text.toString();
    }

    /** An attribute holding JSON text; one that is not JSON is the span's fault: an IllegalArgumentException. */
    private JsonNode json(Object attribute) {
        try {
            JsonNode n = mapper.readTree(attribute.toString());
            if (n == null) {
                throw new IllegalArgumentException("empty JSON");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getMessage());
        }
    }
}
