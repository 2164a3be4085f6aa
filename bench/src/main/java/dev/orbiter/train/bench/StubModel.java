package dev.orbiter.train.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An OpenAI-compatible server that answers every chat completion at once with the same small reply. */
final class StubModel implements AutoCloseable {

    private static final byte[] ANSWER = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"The answer is 42.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,"
            + "\"completion_tokens\":6,\"total_tokens\":26}}").getBytes(StandardCharsets.UTF_8);

    static {
        // Without it the JDK server's separate header and body writes meet Nagle and the client's delayed
        // ACK: about 40 ms on some calls, which would be measured as the upstream's (or the gateway's) time.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    StubModel() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
    }

    /** The base URL an OpenAI client would use: {@code http://127.0.0.1:<port>/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
