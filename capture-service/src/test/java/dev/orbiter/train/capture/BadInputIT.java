package dev.orbiter.train.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets a 400 that lists each problem (field and reason), never a 5xx, and
 * writes nothing: the end offsets of the steps and rewards topics do not move.
 */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
class BadInputIT {

    @BeforeAll
    static void topics() throws Exception {
        TopicReader.ensureTopics();
    }

    /** Posts, expects 400, and checks nothing reached Kafka. */
    static ValidatableResponse rejected(String path, String body) {
        long steps = TopicReader.endOffsets("orbiter.steps");
        long rewards = TopicReader.endOffsets("orbiter.rewards");
        ValidatableResponse response = given().header("X-API-Key", CaptureServiceIT.ACME).contentType("application/json")
                .body(body).post(path).then().statusCode(400).body("error", equalTo("bad request"));
        assertThat(TopicReader.endOffsets("orbiter.steps")).as("nothing written to orbiter.steps").isEqualTo(steps);
        assertThat(TopicReader.endOffsets("orbiter.rewards")).as("nothing written to orbiter.rewards").isEqualTo(rewards);
        return response;
    }

    @Test
    void malformedJson() {
        rejected("/v1/steps", "{\"task_id\": ").body("problems[0].field", equalTo("body"))
                .body("problems[0].reason", startsWith("malformed JSON"));
    }

    @Test
    void wrongTypesAreAllListed() {
        rejected("/v1/steps", "{\"task_id\": \"t\", \"score\": \"high\", \"step\": -1, \"messages\": {}, \"input\": 3}")
                .body("problems.field", hasItem("score")).body("problems.field", hasItem("step"))
                .body("problems.field", hasItem("messages")).body("problems.field", hasItem("input"))
                .body("problems.find { it.field == 'score' }.reason", equalTo("must be a finite number, got string"));
    }

    @Test
    void missingTaskId() {
        rejected("/v1/steps", "{\"input\": \"no task\"}").body("problems[0].field", equalTo("task_id"))
                .body("problems[0].reason", equalTo("required"));
    }

    @Test
    void nonFiniteScore() {
        rejected("/v1/steps", "{\"task_id\": \"t\", \"score\": 1e999}").body("problems[0].field", equalTo("score"))
                .body("problems[0].reason", startsWith("must be a finite number, got non-finite"));
    }

    @Test
    void oversizedBody() {
        String big = "x".repeat(300_000);
        rejected("/v1/steps", "{\"task_id\": \"t\", \"input\": \"" + big + "\"}")
                .body("problems[0].reason", equalTo("larger than 262144 bytes"));
    }

    @Test
    void oversizedBatch() {
        String batch = "[" + "{\"task_id\": \"t\"},".repeat(100) + "{\"task_id\": \"t\"}]";
        rejected("/v1/steps", batch).body("problems[0].reason", equalTo("101 items, more than the batch limit of 100"));
    }

    @Test
    void unknownFields() {
        rejected("/v1/steps", "{\"task_id\": \"t\", \"rewardd\": 1}").body("problems[0].field", equalTo("rewardd"))
                .body("problems[0].reason", equalTo("unknown field"));
    }

    @Test
    void oneBadItemRejectsTheWholeBatch() {
        rejected("/v1/steps", "[{\"task_id\": \"ok\"}, {\"task_id\": \"\"}, 7]")
                .body("problems[0].field", equalTo("[2]"));
        rejected("/v1/steps", "[{\"task_id\": \"ok\"}, {\"task_id\": \"\"}]")
                .body("problems[0].field", equalTo("[1].task_id"));
    }

    @Test
    void emptyAndNonObjectBodies() {
        rejected("/v1/steps", "[]").body("problems[0].reason", equalTo("empty array: nothing to capture"));
        rejected("/v1/steps", "\"a string\"").body("problems[0].reason", startsWith("must be a JSON object"));
    }

    @Test
    void messagesNeedTheirMessagesAndTask() {
        rejected("/v1/messages", "{\"agent_id\": \"a\"}").body("problems.field", hasItem("task_id"))
                .body("problems.field", hasItem("messages"));
    }

    @Test
    void rewardsNeedATargetAndAFiniteValue() {
        rejected("/v1/rewards", "{\"task_id\": \"t\", \"value\": \"good\"}").body("problems.field", hasItem("value"))
                .body("problems.field", hasItem("step_id"));
    }
}
