package dev.orbiter.train.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A registry with file storage, stopped and started again on the same port, still knows its schemas. */
class SchemaRegistryRestartTest {

    private static final String SCHEMA = "{\"schemaType\":\"AVRO\",\"schema\":"
            + "\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\"}]}\"}";

    @Test
    void givenAFileBackedRegistry_whenItIsRestartedOnTheSamePort_thenTheSchemaIdsAreTheSame() throws Exception {
        Path storage = Files.createTempDirectory("orbiter-registry-h2-");
        int port = freePort();
        HttpClient http = HttpClient.newHttpClient();
        String id;
        try (SchemaRegistryProcess registry = SchemaRegistryProcess.start(port, storage)) {
            assertThat(registry.baseUrl()).endsWith(":" + port);
            id = post(http, registry.confluentUrl() + "/subjects/probe-value/versions", SCHEMA);
        }
        assertThatThrownBy(() -> get(http, "http://127.0.0.1:" + port + "/apis/ccompat/v7/subjects"))
                .as("stopped means stopped").isInstanceOf(ConnectException.class);
        try (SchemaRegistryProcess again = SchemaRegistryProcess.start(port, storage)) {
            assertThat(get(http, again.confluentUrl() + "/subjects")).contains("probe-value");
            assertThat(post(http, again.confluentUrl() + "/subjects/probe-value/versions", SCHEMA))
                    .as("registering the same schema again answers the same id").isEqualTo(id);
        }
    }

    private static String post(HttpClient http, String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
