package dev.orbiter.train.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible server in place of a model (no LLM runs here), answering by the request's
 * {@code model}: {@code limited} is a 429, {@code hang} never answers in time, a request with
 * tools gets a tool call, {@code stream: true} gets server-sent chunks, anything else "4" with
 * usage, logprobs and token ids. Started and stopped with the Quarkus test that uses it.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private ExecutorService threads;
    /** A "hang" request waits on it: it never answers in time, and stop() lets it go. */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext("/v1/models", ex -> answer(ex, 200, "application/json",
                "{\"object\":\"list\",\"data\":[{\"id\":\"tiny\",\"object\":\"model\",\"created\":0,\"owned_by\":\"stub\"}]}"));
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
        return Map.of("orbiter.capture.gateway.upstream-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "orbiter.capture.gateway.timeout", "2s");
    }

    private void chat(HttpExchange ex) throws IOException {
        JsonNode request = JSON.readTree(ex.getRequestBody().readAllBytes());
        String model = request.path("model").asText();
        if (model.equals("hang")) {
            try {
                stopped.await(); // far past the gateway's 2 s timeout: answered by nobody until the stub stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (model.equals("limited")) {
            answer(ex, 429, "application/json", "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}");
        } else if (request.path("stream").asBoolean()) {
            stream(ex);
        } else if (request.has("tools")) {
            answer(ex, 200, "application/json", completion("null", ",\"tool_calls\":[{\"id\":\"call_7\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"calc\",\"arguments\":\"{\\\"expression\\\":\\\"2+2\\\"}\"}}]", "tool_calls"));
        } else {
            answer(ex, 200, "application/json", completion("\"4\"", "", "stop"));
        }
    }

    private static String completion(String content, String toolCalls, String finish) {
        return "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"tiny-001\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + content + toolCalls
                + "},\"finish_reason\":\"" + finish + "\",\"logprobs\":{\"content\":[{\"token\":\"4\",\"logprob\":-0.01,"
                + "\"bytes\":[52],\"top_logprobs\":[]}]},\"token_ids\":[19]}],\"prompt_token_ids\":[1,2,3],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}";
    }

    private static void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (String piece : new String[] {"2", "+2", "=4"}) {
                out.write(chunk("{\"content\":\"" + piece + "\"}", "null", "").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write(chunk("{}", "\"stop\"", ",\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}")
                    .getBytes(StandardCharsets.UTF_8));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String chunk(String delta, String finish, String usage) {
        return "data: {\"id\":\"chatcmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"tiny-001\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]" + usage + "}\n\n";
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
