package dev.orbiter.train.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OTLP/HTTP's JSON encoding (what a Collector's {@code otlphttp} exporter with
 * {@code encoding: json} and browser SDKs send). Read by hand, not with protobuf's JsonFormat:
 * OTLP JSON writes trace and span ids as hex, not base64, and 64-bit integers as strings or numbers.
 */
public final class OtlpJson {

    private OtlpJson() {
    }

    /** The spans of an {@code ExportTraceServiceRequest} in JSON; a body that is not one is an IllegalArgumentException. */
    public static List<OtlpSpan> spans(ObjectMapper mapper, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("an OTLP JSON body is an object with resourceSpans");
        }
        List<OtlpSpan> out = new ArrayList<>();
        for (JsonNode rs : array(root, "resourceSpans")) {
            Map<String, Object> resource = attributes(rs.path("resource").path("attributes"));
            for (JsonNode ss : array(rs, "scopeSpans")) {
                for (JsonNode s : array(ss, "spans")) {
                    out.add(span(s, resource));
                }
            }
        }
        return out;
    }

    private static OtlpSpan span(JsonNode s, Map<String, Object> resource) {
        List<OtlpSpan.Event> events = new ArrayList<>();
        for (JsonNode e : array(s, "events")) {
            events.add(new OtlpSpan.Event(e.path("name").asText(""), nanos(e.path("timeUnixNano")),
                    attributes(e.path("attributes"))));
        }
        return new OtlpSpan(id(s, "traceId"), id(s, "spanId"), id(s, "parentSpanId"), s.path("name").asText(""),
                nanos(s.path("startTimeUnixNano")), nanos(s.path("endTimeUnixNano")), attributes(s.path("attributes")),
                events, resource);
    }

    private static Iterable<JsonNode> array(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(field + " must be an array");
        }
        return n;
    }

    private static String id(JsonNode s, String field) {
        String v = s.path(field).asText("");
        if (!v.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException(field + " must be hex (OTLP JSON), got '" + v + "'");
        }
        return v.toLowerCase(Locale.ROOT);
    }

    private static long nanos(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a time in nanoseconds must be an integer, got '" + n.asText() + "'");
        }
    }

    private static Map<String, Object> attributes(JsonNode list) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonNode kv : list.isArray() ? list : List.<JsonNode>of()) {
            out.put(kv.path("key").asText(), value(kv.path("value")));
        }
        return out;
    }

    private static Object value(JsonNode v) {
        if (v.has("stringValue")) {
            return v.get("stringValue").asText();
        }
        if (v.has("boolValue")) {
            return v.get("boolValue").asBoolean();
        }
        if (v.has("intValue")) {
            return v.get("intValue").isNumber() ? v.get("intValue").asLong() : Long.parseLong(v.get("intValue").asText());
        }
        if (v.has("doubleValue")) {
            return v.get("doubleValue").asDouble();
        }
        if (v.has("arrayValue")) {
            List<Object> out = new ArrayList<>();
            v.get("arrayValue").path("values").forEach(x -> out.add(value(x)));
            return out;
        }
        if (v.has("kvlistValue")) {
            return attributes(v.get("kvlistValue").path("values"));
        }
        if (v.has("bytesValue")) {
            return v.get("bytesValue").asText();
        }
        return null;
    }

    /** The OTLP JSON answer: {@code {}} when every span was taken, else the partial success. */
    public static Map<String, Object> response(long rejected, String message) {
        if (rejected == 0 && message.isEmpty()) {
            return Map.of();
        }
        return Map.of("partialSuccess", Map.of("rejectedSpans", Long.toString(rejected), "errorMessage", message));
    }
}
