package dev.orbiter.train.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.testkit.MalformedJson;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input at scale: 10,000 generated malformed requests; never a 5xx, every refusal says why.
 * Sent with the JDK's HTTP client over one kept-alive connection: RestAssured's per-request set-up
 * made this test take about two minutes for the same requests.
 */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
class MalformedRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void topics() throws Exception {
        TopicReader.ensureTopics();
    }

    @Test
    void tenThousandMalformedRequestsGetReasonedRefusalsAndNoServerError() {
        MalformedJson bodies = new MalformedJson(2026, List.of(
                "{\"id\": \"f-1\", \"task_id\": \"fuzz\", \"agent_id\": \"a\", \"step\": 1, \"input\": \"q\", \"output\": \"a\","
                        + " \"score\": 0.5, \"status\": \"success\"}",
                "{\"task_id\": \"fuzz\", \"agent_id\": \"a\", \"score\": 1.0, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"step_id\": \"f-1\", \"task_id\": \"fuzz\", \"value\": 0.3, \"source\": \"g\"}"));
        String[] paths = {"v1/steps", "v1/messages", "v1/rewards"};
        int[] n = {0};
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        MalformedJson.Report report = bodies.send(10_000, body -> {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(paths[n[0]++ % paths.length]))
                    .header("X-API-Key", CaptureServiceIT.ACME).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> r = send(http, request);
            return new MalformedJson.Answer(r.statusCode(), explained(r.body()), r.body());
        });

        assertThat(report.violations()).as("answers by status " + report.byStatus()).isEmpty();
        assertThat(report.count(400)).as("answers by status " + report.byStatus()).isGreaterThan(9_000);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A 4xx explains itself: a non-empty list of problems, each with a reason. */
    static boolean explained(String body) {
        JsonNode problems;
        try {
            problems = JSON.readTree(body).path("problems");
        } catch (IOException e) {
            return false;
        }
        if (!problems.isArray() || problems.isEmpty()) {
            return false;
        }
        for (JsonNode p : problems) {
            if (!p.path("reason").isTextual() || p.path("reason").asText().isBlank()) {
                return false;
            }
        }
        return true;
    }
}
