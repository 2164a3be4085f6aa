package dev.orbiter.train.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LLM synthesiser against a real local HTTP server speaking the chat-completions protocol. */
class LlmSynthesiserTest {

    private HttpServer server;
    private final Queue<int[]> statuses = new ConcurrentLinkedQueue<>();
    private final Queue<String> bodies = new ConcurrentLinkedQueue<>();
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final Queue<String> authHeaders = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            int[] status = statuses.poll();
            String body = bodies.poll();
            byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status[0], bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private LlmSynthesiser synthesiser(int maxRetries) {
        return LlmSynthesiser.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .model("test-model").apiKey("sk-test").maxRetries(maxRetries).backoff(Duration.ofMillis(10))
                .timeout(Duration.ofSeconds(5)).build();
    }

    private static String completion(String content) {
        return "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                + dev.orbiter.train.internal.Json.write(content) + "}}]}";
    }

    @Test
    void givenAWellFormedAnswer_whenSynthesising_thenItemsCarryTheNewPair() {
        bodies.add(completion("```json\n{\"input\": \"What is 3+3?\", \"output\": \"6\"}\n```"));
        bodies.add(completion("{\"input\": \"What is 4+4?\", \"output\": \"8\"}"));
        TrajectoryItem example = TrajectoryItem.builder().input("What is 2+2?").output("4").taskId("t").build();
        List<TrajectoryItem> out = synthesiser(0).synthesise(List.of(example),
                SynthesisConfig.builder().strategy(SynthesisStrategy.LLM).numSamples(2).seed(1L).build());
        assertThat(out).extracting(TrajectoryItem::input).containsExactly("What is 3+3?", "What is 4+4?");
        assertThat(out.get(0).metadata()).containsEntry("synthesised", "llm").containsEntry("source_id", example.id());
        assertThat(requests.peek()).contains("\"model\":\"test-model\"").contains("What is 2+2?");
        assertThat(authHeaders.peek()).isEqualTo("Bearer sk-test");
    }

    @Test
    void givenServerErrors_whenRetriesRemain_thenTheCallSucceeds() {
        statuses.add(new int[] {503});
        bodies.add("busy");
        statuses.add(new int[] {429});
        bodies.add("slow down");
        bodies.add(completion("{\"input\": \"q\", \"output\": \"a\"}"));
        TrajectoryItem out = synthesiser(2).generateFrom(TrajectoryItem.of("s", "a", 1));
        assertThat(out.input()).isEqualTo("q");
        assertThat(requests).hasSize(3);
    }

    @Test
    void givenGarbage_whenSynthesising_thenASynthesisErrorSaysSo() {
        bodies.add(completion("I would rather not."));
        assertThatThrownBy(() -> synthesiser(0).generateFrom(TrajectoryItem.of("s", "a", 1)))
                .isInstanceOf(SynthesisError.class).hasMessageContaining("garbage");
    }

    @Test
    void givenAClientError_whenSynthesising_thenItFailsAtOnceWithTheStatus() {
        statuses.add(new int[] {401});
        bodies.add("{\"error\":\"bad key\"}");
        assertThatThrownBy(() -> synthesiser(3).generateFrom(TrajectoryItem.of("s", "a", 1)))
                .isInstanceOf(SynthesisError.class).hasMessageContaining("HTTP 401");
        assertThat(requests).hasSize(1);
    }

    @Test
    void givenNoServer_whenSynthesising_thenTheEndpointIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        LlmSynthesiser synth = LlmSynthesiser.builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1")
                .maxRetries(1).backoff(Duration.ofMillis(5)).build();
        assertThatThrownBy(() -> synth.generateFrom(TrajectoryItem.of("s", "a", 1)))
                .isInstanceOf(SynthesisError.class).hasMessageContaining("failed after 2 attempts");
    }
}
