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
        int[] n = {0};
        MalformedJson.Report report = bodies.send(10_000, body -> {
            Response r = given().header("X-API-Key", CaptureServiceIT.ACME).contentType("application/json")
                    .body(body).post(paths[n[0]++ % paths.length]);
            return new MalformedJson.Answer(r.statusCode(), explained(r), r.asString());
        });

        assertThat(report.violations()).as("answers by status " + report.byStatus()).isEmpty();
        assertThat(report.count(400)).as("answers by status " + report.byStatus()).isGreaterThan(9_000);
    }

    /** A 4xx explains itself: a non-empty list of problems, each with a reason. */
    static boolean explained(Response r) {
        List<Map<String, String>> problems = r.jsonPath().getList("problems");
        return problems != null && !problems.isEmpty() && problems.stream().allMatch(p -> p.get("reason") != null
                && !p.get("reason").isBlank());
    }
}
