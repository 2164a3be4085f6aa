package dev.orbiter.train.trajectory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How trajectory items are built from chat messages, and which captured items are kept and how
 * they are transformed. Datasets use it at capture time; the curation topology chains strategies
 * to filter and rewrite steps flowing through Kafka. Every method has a default, so a strategy
 * overrides only what it changes.
 */
public interface TrajectoryStrategy {

    /**
     * Builds an item from a step's chat messages: {@code input} is the content of the first
     * {@code user} message, {@code output} that of the last {@code assistant} message,
     * {@code toolCalls} the concatenated tool calls of the assistant messages. {@code options}
     * may carry {@code score}, {@code status} and {@code metadata}.
     */
    default TrajectoryItem buildItem(List<Map<String, Object>> messages, String taskId, String agentId, int step,
                                     Map<String, Object> options) {
        List<Map<String, Object>> msgs = messages == null ? List.of() : messages;
        String input = "";
        String output = "";
        boolean inputFound = false;
        List<Map<String, Object>> toolCalls = new ArrayList<>();
        for (Map<String, Object> m : msgs) {
            Object role = m.get("role");
            if (!inputFound && "user".equals(role)) {
                input = contentOf(m);
                inputFound = true;
            } else if ("assistant".equals(role)) {
                output = contentOf(m);
                addToolCalls(m.get("tool_calls"), toolCalls);
            }
        }
        Map<String, Object> opts = options == null ? Collections.emptyMap() : options;
        TrajectoryItem.Builder b = TrajectoryItem.builder().taskId(taskId).agentId(agentId).step(step)
                .input(input).output(output).messages(msgs).toolCalls(toolCalls);
        Object score = opts.get("score");
        if (score instanceof Number) {
            b.score(((Number) score).doubleValue());
        } else if (score != null) {
            throw new TrajectoryError("option 'score' must be a number, got " + score.getClass().getSimpleName());
        }
        Object status = opts.get("status");
        b.status(status == null ? "success" : String.valueOf(status));
        Object metadata = opts.get("metadata");
        if (metadata instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> md = (Map<String, ?>) metadata;
            b.metadata(md);
        } else if (metadata != null) {
            throw new TrajectoryError("option 'metadata' must be a map, got " + metadata.getClass().getSimpleName());
        }
        return b.build();
    }

    /** Whether a set of items forms a valid trajectory; default: it is not empty. */
    default boolean validate(List<TrajectoryItem> items) {
        return !items.isEmpty();
    }

    /** The guide's filter hook: whether a captured item is kept. Default: always. */
    default boolean shouldCapture(TrajectoryItem item) {
        return true;
    }

    /** The guide's transform hook: applied to every kept item. Default: identity. */
    default TrajectoryItem process(TrajectoryItem item) {
        return item;
    }

    private static String contentOf(Map<String, Object> message) {
        Object content = message.get("content");
        if (content == null) {
            return "";
        }
        return content instanceof String ? (String) content : dev.orbiter.train.internal.Json.write(content);
    }

    @SuppressWarnings("unchecked")
    private static void addToolCalls(Object calls, List<Map<String, Object>> into) {
        if (calls instanceof List) {
            for (Object call : (List<?>) calls) {
                if (call instanceof Map) {
                    into.add((Map<String, Object>) call);
                }
            }
        }
    }
}
