package dev.orbiter.train.capture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no broker answering, a valid request gets 503 with Retry-After (never 500), and readiness is DOWN. */
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
