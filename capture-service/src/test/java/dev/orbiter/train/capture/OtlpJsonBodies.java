package dev.orbiter.train.capture;

/** OTLP/HTTP JSON bodies as a Collector's otlphttp exporter writes them (hex ids, string nanos). */
final class OtlpJsonBodies {

    private static final long BASE = 1_760_000_000_000_000_000L;

    private OtlpJsonBodies() {
    }

    static String request(String... spans) {
        return """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
                 "scopeSpans":[{"scope":{"name":"collector-test"},"spans":[%s]}]}]}""".formatted(String.join(",", spans));
    }

    static String span(String trace, String span, long startMillis, String attributes) {
        long start = BASE + startMillis * 1_000_000L;
        return """
                {"traceId":"%s","spanId":"%s","name":"chat","kind":3,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                 "attributes":[%s]}""".formatted(trace, span, start, start + 5_000_000L, attributes);
    }

    /** A chat span of the current conventions with one user question and one answer. */
    static String chatSpan(String trace, String span, String conversation, long startMillis, String question, String answer) {
        return span(trace, span, startMillis, """
                {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                {"key":"gen_ai.conversation.id","value":{"stringValue":"%s"}},
                {"key":"gen_ai.agent.name","value":{"stringValue":"json-agent"}},
                {"key":"gen_ai.usage.output_tokens","value":{"intValue":"7"}},
                {"key":"gen_ai.input.messages","value":{"stringValue":%s}},
                {"key":"gen_ai.output.messages","value":{"stringValue":%s}}""".formatted(conversation,
                quote("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + question + "\"}]}]"),
                quote("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"" + answer + "\"}]}]")));
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
