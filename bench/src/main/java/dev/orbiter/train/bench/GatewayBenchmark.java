package dev.orbiter.train.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The capture paths that need no agent code, measured against the running capture-service:
 * OTLP/HTTP trace export (protobuf, 512 GenAI chat spans per request as the SDKs' batch span
 * processor sends them, 4 requests in flight) in spans/s; and the gateway's added latency per
 * call: the same chat completion sent one at a time straight to the upstream and through the
 * gateway, alternating, so both see the same machine state; p50 and p99 of each and their
 * difference.
 */
final class GatewayBenchmark {

    private static final int SPANS_PER_REQUEST = 512;

    private GatewayBenchmark() {
    }

    static double otlpSpansPerSecond(String captureBase, String key, int spans) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < spans; i += SPANS_PER_REQUEST) {
            bodies.add(request(i, Math.min(SPANS_PER_REQUEST, spans - i)).toByteArray());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(captureBase + "/v1/traces");
        check(post(client, uri, key, "application/x-protobuf", bodies.get(0)).join()); // warm-up
        Semaphore slots = new Semaphore(4);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (byte[] body : bodies) {
            slots.acquire();
            all.add(post(client, uri, key, "application/x-protobuf", body).whenComplete((s, e) -> slots.release())
                    .thenAccept(GatewayBenchmark::check));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        return spans / ((System.nanoTime() - start) / 1e9);
    }

    /** p50/p99 of calls straight to the upstream and through the gateway, alternating, after a warm-up. */
    static Map<String, Object> overhead(String captureBase, String upstreamBase, String key, int calls) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI direct = URI.create(upstreamBase + "/chat/completions");
        URI gateway = URI.create(captureBase + "/v1/gateway/bench-task/bench-agent/chat/completions");
        byte[] body = ("{\"model\":\"bench\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
                + "{\"role\":\"user\",\"content\":\"What is six times seven? Explain in one sentence.\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.max(200, calls / 4); i++) { // warm-up: JIT of both paths, connections open
            call(client, direct, key, body);
            call(client, gateway, key, body);
        }
        long[] d = new long[calls];
        long[] g = new long[calls];
        for (int i = 0; i < calls; i++) {
            d[i] = call(client, direct, key, body);
            g[i] = call(client, gateway, key, body);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gateway_calls", calls);
        r.put("upstream_direct_p50_ms", percentile(d, 50));
        r.put("upstream_direct_p99_ms", percentile(d, 99));
        r.put("gateway_p50_ms", percentile(g, 50));
        r.put("gateway_p99_ms", percentile(g, 99));
        r.put("gateway_added_p50_ms", percentile(g, 50) - percentile(d, 50));
        r.put("gateway_added_p99_ms", percentile(g, 99) - percentile(d, 99));
        return r;
    }

    private static long call(HttpClient client, URI uri, String key, byte[] body) {
        long start = System.nanoTime();
        int status = client.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).join().statusCode();
        if (status != 200) {
            throw new IllegalStateException(uri + " answered " + status);
        }
        return System.nanoTime() - start;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static CompletableFuture<Integer> post(HttpClient client, URI uri, String key, String type, byte[] body) {
        return client.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", type).header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("capture-service answered " + status + " to a trace export");
        }
    }

    /** {@code count} chat spans, one trace per 8 spans (a conversation's turns), content of agent-like size. */
    private static ExportTraceServiceRequest request(int first, int count) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = first; i < first + count; i++) {
            long start = 1_760_000_000_000_000_000L + i * 1_000_000L;
            scope.addSpans(Span.newBuilder().setTraceId(id(16, i / 8 + 1)).setSpanId(id(8, i + 1)).setName("chat bench")
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 800_000)
                    .addAttributes(kv("gen_ai.operation.name", "chat")).addAttributes(kv("gen_ai.request.model", "bench"))
                    .addAttributes(kv("gen_ai.conversation.id", "bench-conv-" + i / 8))
                    .addAttributes(kv("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                            + "\"Question " + i + ": how would you refactor a 300-line method that mixes I/O and parsing?\"}]}]"))
                    .addAttributes(kv("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                            + "\"content\":\"Split the parsing into a pure function, keep the I/O at the edge, and test "
                            + "the parser on its own with examples " + i + ".\"}],\"finish_reason\":\"stop\"}]")));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "bench-agent"))).addScopeSpans(scope))
                .build();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString id(int bytes, long n) {
        ByteBuffer b = ByteBuffer.allocate(bytes);
        b.position(bytes - 8);
        b.putLong(n);
        return ByteString.copyFrom(b.array());
    }
}
