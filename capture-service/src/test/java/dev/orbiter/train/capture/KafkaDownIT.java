package dev.orbiter.train.capture;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With no broker answering, a valid request gets 503 with Retry-After (never 500), readiness is
 * DOWN, and the gateway still answers the agent (capture-failure=pass), counting the miss.
 */
@QuarkusTest
@TestProfile(KafkaDownIT.NoBroker.class)
class KafkaDownIT {

    /** Points the service at a port nobody listens on. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "orbiter.schema-registry.url",
                    "http://127.0.0.1:1/apis/ccompat/v7", "orbiter.capture.produce-timeout", "2s",
                    "quarkus.kafka.devservices.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpstreamStub.class));
        }
    }

    @Test
    void givenNoBroker_whenAnAgentCallsThroughTheGateway_thenItGetsTheAnswer_andTheMissIsCounted() {
        given().header("X-API-Key", CaptureServiceIT.ACME).header("X-Orbiter-Task-Id", "t").contentType("application/json")
                .body("{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).body("choices[0].message.content", equalTo("4"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("orbiter_capture_errors_total{endpoint=\"gateway\",kind=\"capture_missed\"")));
    }

    @Test
    void givenNoBroker_whenAValidStepIsPosted_thenTheAnswerIs503WithRetryAfter() {
        given().header("X-API-Key", CaptureServiceIT.ACME).contentType("application/json")
                .body("{\"task_id\": \"t\", \"input\": \"x\"}").post("/v1/steps").then()
                .statusCode(503).header("Retry-After", "5").body("retryable", equalTo(true))
                .body("reason", notNullValue());
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
