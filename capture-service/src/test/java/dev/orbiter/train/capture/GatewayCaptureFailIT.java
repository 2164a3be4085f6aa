package dev.orbiter.train.capture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code capture-failure=fail}, a call that Kafka does not take is answered 503, not passed on uncaptured. */
@QuarkusTest
@TestProfile(GatewayCaptureFailIT.FailWithoutBroker.class)
class GatewayCaptureFailIT {

    /** No broker, and capture failures fail the call. */
    public static class FailWithoutBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "orbiter.schema-registry.url",
                    "http://127.0.0.1:1/apis/ccompat/v7", "orbiter.capture.produce-timeout", "2s",
                    "orbiter.capture.gateway.capture-failure", "fail");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpstreamStub.class));
        }
    }

    @Test
    void givenNoBrokerAndCaptureFailureFail_whenAnAgentCalls_thenTheAnswerIs503WithTheReason() {
        given().header("X-API-Key", CaptureServiceIT.ACME).header("X-Orbiter-Task-Id", "t").contentType("application/json")
                .body("{\"model\": \"tiny\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(503).header("Retry-After", "5")
                .body("reason", containsString("could not be captured"));
    }
}
