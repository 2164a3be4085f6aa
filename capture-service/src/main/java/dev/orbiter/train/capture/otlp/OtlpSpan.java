package dev.orbiter.train.capture.otlp;

import java.util.List;
import java.util.Map;

/**
 * One span of an OTLP export, whichever encoding it came in (protobuf or JSON): ids as lower-case
 * hex, times in epoch nanoseconds, attribute values as Java values (String, Long, Double,
 * Boolean, List, Map), the resource's attributes alongside.
 */
public record OtlpSpan(String traceId, String spanId, String parentSpanId, String name, long startNanos, long endNanos,
                       Map<String, Object> attributes, List<Event> events, Map<String, Object> resource) {

    /** A span event (e.g. {@code gen_ai.evaluation.result}, or the older content events). */
    public record Event(String name, long timeNanos, Map<String, Object> attributes) {
    }

    public String text(String attribute) {
        Object v = attributes.get(attribute);
        return v == null ? null : v.toString();
    }
}
