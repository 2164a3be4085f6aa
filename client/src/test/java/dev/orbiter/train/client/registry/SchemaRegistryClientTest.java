package dev.orbiter.train.client.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client behaviour that a healthy registry cannot show: auth headers, retries, failover, error mapping. */
class SchemaRegistryClientTest {

    private HttpServer server;
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final Queue<String> bodies = new ConcurrentLinkedQueue<>();
    private final Queue<String> auth = new ConcurrentLinkedQueue<>();
    private final Queue<String> paths = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            Integer status = statuses.poll();
            String body = bodies.poll();
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status == null ? 200 : status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void basicAuthUserInfoIsSentAsBasicHeader() {
        bodies.add("[\"a-value\"]");
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.fromMap(Map.of(
                RegistryClientConfig.URL, url(), RegistryClientConfig.BASIC_AUTH_SOURCE, "USER_INFO",
                RegistryClientConfig.BASIC_AUTH_USER_INFO, "alice:s3cret")));
        assertThat(client.subjects()).containsExactly("a-value");
        assertThat(auth.poll()).isEqualTo("Basic YWxpY2U6czNjcmV0");
    }

    @Test
    void userInfoInTheUrlIsUsedAndStrippedWhenTheSourceIsUrl() {
        bodies.add("[]");
        String withUser = url().replace("http://", "http://bob:pw@");
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.fromMap(Map.of(
                RegistryClientConfig.URL, withUser, RegistryClientConfig.BASIC_AUTH_SOURCE, "URL")));
        client.subjects();
        assertThat(auth.poll()).isEqualTo("Basic Ym9iOnB3");
    }

    @Test
    void bearerTokenIsSentAsBearerHeader() {
        bodies.add("[]");
        new SchemaRegistryClient(RegistryClientConfig.fromMap(Map.of(RegistryClientConfig.URL, url(),
                RegistryClientConfig.BEARER_TOKEN, "tok"))).subjects();
        assertThat(auth.poll()).isEqualTo("Bearer tok");
    }

    @Test
    void givenServerErrors_whenRetriesRemain_thenTheCallSucceeds() {
        statuses.add(503);
        bodies.add("{\"error_code\":50001,\"message\":\"storage busy\"}");
        statuses.add(500);
        bodies.add("oops");
        bodies.add("{\"schema\":\"\\\"string\\\"\"}");
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.fromMap(Map.of(
                RegistryClientConfig.URL, url(), RegistryClientConfig.RETRY_BACKOFF_MS, "5")));
        assertThat(client.getSchemaById(7).getType()).isEqualTo(org.apache.avro.Schema.Type.STRING);
        assertThat(paths).hasSize(3).allMatch(p -> p.equals("GET /schemas/ids/7"));
        client.getSchemaById(7);
        assertThat(paths).as("ids are cached").hasSize(3);
    }

    @Test
    void givenANotFound_whenCalled_thenTheErrorCodeIsTypedAndNotRetried() {
        statuses.add(404);
        bodies.add("{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(url()));
        assertThatThrownBy(() -> client.getLatestVersion("x")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.getMessage()).contains("Subject 'x' not found");
                });
        assertThat(paths).hasSize(1);
    }

    @Test
    void givenADeadFirstUrl_whenCalled_thenTheNextUrlAnswers() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        bodies.add("[\"ok\"]");
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.fromMap(Map.of(
                RegistryClientConfig.URL, "http://127.0.0.1:" + dead + "," + url(),
                RegistryClientConfig.RETRY_BACKOFF_MS, "1")));
        assertThat(client.subjects()).containsExactly("ok");
    }

    @Test
    void givenNothingListening_whenRetriesRunOut_thenTheErrorSaysUnreachable() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.fromMap(Map.of(
                RegistryClientConfig.URL, "http://127.0.0.1:" + dead, RegistryClientConfig.MAX_RETRIES, "1",
                RegistryClientConfig.RETRY_BACKOFF_MS, "1")));
        assertThatThrownBy(client::subjects).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void configNeedsAUrl() {
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of())).hasMessageContaining("schema.registry.url");
        assertThat(RegistryClientConfig.fromMap(Map.of(RegistryClientConfig.URL, "http://a/, http://b")).urls())
                .isEqualTo(List.of("http://a", "http://b"));
    }
}
