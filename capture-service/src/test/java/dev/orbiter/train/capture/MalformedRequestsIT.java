package dev.orbiter.train.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.testkit.MalformedJson;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input at scale: 10,000 generated malformed requests; never a 5xx, every refusal says why. */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
class MalformedRequestsIT {

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
        String[] paths = {"/v1/steps", "/v1/messages", "/v1/rewards"};
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            Response r = given().header("X-API-Key", CaptureServiceIT.ACME).contentType("application/json")
                    .body(bodies.next()).post(paths[i % paths.length]);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            assertThat(r.statusCode()).as("request %d: %s", i, r.asString()).isLessThan(500);
            if (r.statusCode() >= 400) {
                List<Map<String, String>> problems = r.jsonPath().getList("problems");
                assertThat(problems).as("request %d explains itself", i).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.get("reason")).isNotBlank());
            }
        }
        System.out.println("malformed requests by status: " + statuses);
        assertThat(statuses.getOrDefault(400, 0)).isGreaterThan(9_000);
    }
}
