package dev.orbiter.train.trajectory;

import dev.orbiter.train.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item's conversation in OpenAI's chat shape, the shape OpenAI fine-tuning and TRL read:
 * messages with {@code role}, {@code content}, {@code name}, {@code tool_call_id} and
 * {@code tool_calls: [{id, type: "function", function: {name, arguments}}]} (arguments as JSON
 * text), nothing else. An item without messages is its input as the user's and its output (and
 * tool calls) as the assistant's answer; messages after the last assistant message (a tool's
 * result that no answer followed) are not part of what is learnt, and are left out.
 */
public final class ChatShapes {

    private ChatShapes() {
    }

    /** The whole conversation, ending with the assistant's answer. */
    public static List<Map<String, Object>> conversation(TrajectoryItem item) {
        List<Map<String, Object>> out = new ArrayList<>();
        item.messages().forEach(m -> out.add(message(m)));
        int last = lastAssistant(out);
        if (last < 0) {
            if (out.isEmpty() && item.input() != null && !item.input().isEmpty()) {
                out.add(message(Map.of("role", "user", "content", item.input())));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("role", "assistant");
            answer.put("content", item.output() == null ? "" : item.output());
            if (!item.toolCalls().isEmpty()) {
                answer.put("tool_calls", item.toolCalls());
            }
            out.add(message(answer));
            return out;
        }
        return new ArrayList<>(out.subList(0, last + 1));
    }

    /** Everything before the answer. */
    public static List<Map<String, Object>> prompt(TrajectoryItem item) {
        List<Map<String, Object>> c = conversation(item);
        return new ArrayList<>(c.subList(0, c.size() - 1));
    }

    /** The answer alone. */
    public static Map<String, Object> answer(TrajectoryItem item) {
        List<Map<String, Object>> c = conversation(item);
        return c.get(c.size() - 1);
    }

    /** The tool definitions the call offered ({@code metadata.tools}, as the gateway records them), or null. */
    public static Object tools(TrajectoryItem item) {
        Object tools = item.metadata().get("tools");
        return tools instanceof List<?> l && !l.isEmpty() ? tools : null;
    }

    private static int lastAssistant(List<Map<String, Object>> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("assistant".equals(messages.get(i).get("role"))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> message(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", String.valueOf(m.containsKey("role") ? m.get("role") : "user"));
        Object content = m.get("content");
        out.put("content", content instanceof String || content instanceof List ? content : content == null ? null
                : String.valueOf(content));
        for (String key : List.of("name", "tool_call_id")) {
            if (m.get(key) != null) {
                out.put(key, String.valueOf(m.get(key)));
            }
        }
        if (m.get("tool_calls") instanceof List<?> calls && !calls.isEmpty()) {
            List<Map<String, Object>> shaped = new ArrayList<>();
            calls.forEach(c -> shaped.add(toolCall(c)));
            out.put("tool_calls", shaped);
        }
        return out;
    }

    /** OpenAI's {@code {id, type, function: {name, arguments}}} from either that shape or the flat one. */
    private static Map<String, Object> toolCall(Object call) {
        Map<?, ?> c = call instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> f = c.get("function") instanceof Map<?, ?> fn ? fn : c;
        Object arguments = f.get("arguments");
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", String.valueOf(f.get("name") == null ? "" : f.get("name")));
        function.put("arguments", arguments == null ? "{}" : arguments instanceof String s ? s : Json.write(arguments));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", String.valueOf(c.get("id") == null ? "" : c.get("id")));
        out.put("type", "function");
        out.put("function", function);
        return out;
    }
}
