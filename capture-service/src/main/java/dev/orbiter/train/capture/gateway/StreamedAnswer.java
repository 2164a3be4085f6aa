package dev.orbiter.train.capture.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streamed chat completion (server-sent events of {@code chat.completion.chunk}s) put back
 * together as the one answer a non-streaming call would have had: content and tool-call
 * arguments concatenated, tool calls by index, the last finish reason, usage from the final chunk
 * ({@code stream_options.include_usage}), logprobs appended.
 */
public final class StreamedAnswer {

    private final ObjectMapper mapper;
    /** Bytes of the line not ended yet: kept as bytes, since a piece may end inside a UTF-8 character. */
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private final StringBuilder content = new StringBuilder();
    private final Map<Integer, ObjectNode> calls = new TreeMap<>();
    private final ArrayNode logprobs;
    private final ObjectNode answer;
    private String finishReason;

    public StreamedAnswer(ObjectMapper mapper) {
        this.mapper = mapper;
        this.answer = mapper.createObjectNode();
        this.logprobs = mapper.createArrayNode();
    }

    /** Bytes as they pass through to the agent; events may be split anywhere. */
    public void accept(byte[] chunk, int length) {
        for (int i = 0; i < length; i++) {
            if (chunk[i] != '\n') {
                pending.write(chunk[i]);
                continue;
            }
            String line = pending.toString(StandardCharsets.UTF_8).trim();
            pending.reset();
            if (line.startsWith("data:")) {
                event(line.substring(5).trim());
            }
        }
    }

    private void event(String data) {
        if (data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = mapper.readTree(data);
        } catch (IOException e) {
            return; // not a chunk (a comment, a keep-alive): the agent got it unchanged, capture skips it
        }
        copy(chunk, "id");
        copy(chunk, "model");
        if (chunk.hasNonNull("usage")) {
            answer.set("usage", chunk.get("usage"));
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        content.append(delta.path("content").asText(""));
        for (JsonNode call : delta.path("tool_calls")) {
            ObjectNode merged = calls.computeIfAbsent(call.path("index").asInt(calls.size()), i -> newCall());
            if (call.hasNonNull("id")) {
                merged.put("id", call.get("id").asText());
            }
            ObjectNode function = (ObjectNode) merged.get("function");
            JsonNode f = call.path("function");
            if (f.hasNonNull("name")) {
                function.put("name", function.path("name").asText("") + f.get("name").asText());
            }
            function.put("arguments", function.path("arguments").asText("") + f.path("arguments").asText(""));
        }
        choice.path("logprobs").path("content").forEach(logprobs::add);
        if (choice.hasNonNull("finish_reason")) {
            finishReason = choice.get("finish_reason").asText();
        }
    }

    private ObjectNode newCall() {
        ObjectNode call = mapper.createObjectNode();
        call.put("id", "");
        call.put("type", "function");
        call.putObject("function").put("name", "");
        return call;
    }

    private void copy(JsonNode chunk, String field) {
        if (chunk.hasNonNull(field) && !answer.has(field)) {
            answer.set(field, chunk.get(field));
        }
    }

    /** The answer in the shape of a {@code chat.completion}. */
    public JsonNode toResponse() {
        ObjectNode choice = mapper.createObjectNode();
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content.toString());
        if (!calls.isEmpty()) {
            ArrayNode list = message.putArray("tool_calls");
            calls.values().forEach(list::add);
        }
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        }
        if (!logprobs.isEmpty()) {
            choice.putObject("logprobs").set("content", logprobs);
        }
        ObjectNode out = answer.deepCopy();
        out.putArray("choices").add(choice);
        return out;
    }
}
