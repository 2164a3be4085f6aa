package dev.orbiter.train.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** capture-service against the real broker and registry: what is accepted is on the topics, in the wire format. */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
class CaptureServiceIT {

    static final String ACME = "key-acme";
    static final String GLOBEX = "key-globex";

    @BeforeAll
    static void topics() throws Exception {
        TopicReader.ensureTopics();
    }

    static ValidatableResponse post(String path, String key, String body) {
        return given().header("X-API-Key", key).contentType("application/json").body(body)
                .when().post(path).then();
    }

    @Test
    void givenAStep_whenPosted_thenTheAnswerIs202WithItsOffset_andTheAvroRecordIsOnTheStepsTopic() {
        Map<String, Object> rec = post("/v1/steps", ACME, """
                {"id": "http-1", "task_id": "task-h", "agent_id": "a1", "step": 2, "input": "What is 2+2?",
                 "output": "4", "score": 0.9, "messages": [{"role": "user", "content": "What is 2+2?"}],
                 "metadata": {"group_id": "g1", "n": 3}}""")
                .statusCode(202).body("accepted", equalTo(1)).extract().path("records[0]");

        ConsumerRecord<String, GenericRecord> r = TopicReader.read("orbiter.steps", (int) rec.get("partition"),
                ((Number) rec.get("offset")).longValue(), 1).get(0);
        assertThat(r.key()).isEqualTo("task-h");
        GenericRecord step = r.value();
        assertThat(step.get("id").toString()).isEqualTo("http-1");
        assertThat(step.get("output").toString()).isEqualTo("4");
        assertThat(step.get("score")).isEqualTo(0.9);
        assertThat(step.get("tenant").toString()).isEqualTo("acme");
        assertThat(step.get("source").toString()).isEqualTo("http");
        assertThat(step.get("group_id").toString()).isEqualTo("g1");
    }

    @Test
    void givenABatch_whenPosted_thenEveryRecordIsAcknowledgedInOrder_andTheTenantComesFromTheKeyNotTheBody() {
        List<Map<String, Object>> records = post("/v1/steps", GLOBEX, """
                [{"task_id": "task-b", "input": "a"}, {"task_id": "task-b", "input": "b"},
                 {"task_id": "task-b", "input": "c", "metadata": {"tenant": "acme"}}]""")
                .statusCode(202).body("accepted", equalTo(3)).extract().path("records");

        Map<String, Object> first = records.get(0);
        List<ConsumerRecord<String, GenericRecord>> read = TopicReader.read("orbiter.steps",
                (int) first.get("partition"), ((Number) first.get("offset")).longValue(), 3);
        assertThat(read).extracting(r -> r.value().get("input").toString()).containsExactly("a", "b", "c");
        assertThat(read).allSatisfy(r -> assertThat(r.value().get("tenant").toString()).isEqualTo("globex"));
    }

    @Test
    void givenRawMessages_whenPostedTwice_thenTwoModelCallsGoToTheCallAssemblyToBeNumbered_notCountedHere() {
        // no replica keeps a counter (two would both start at 0): the curation numbers them (MessagesReplicasIT)
        String body = """
                {"task_id": "task-msg", "agent_id": "bot", "score": 1.0,
                 "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}""";
        Map<String, Object> first = post("/v1/messages", ACME, body).statusCode(202).body("records[0].topic",
                equalTo("orbiter.captured-calls")).extract().path("records[0]");
        post("/v1/messages", ACME, body).statusCode(202);

        List<ConsumerRecord<String, GenericRecord>> read = TopicReader.read("orbiter.captured-calls",
                (int) first.get("partition"), ((Number) first.get("offset")).longValue(), 2);
        assertThat(read).extracting(r -> r.value().get("kind").toString()).containsExactly("MODEL_CALL", "MODEL_CALL");
        assertThat(read).extracting(r -> r.value().get("id").toString()).doesNotHaveDuplicates();
        GenericRecord step = (GenericRecord) read.get(0).value().get("step");
        assertThat(step.get("output").toString()).isEqualTo("hello");
        assertThat(step.get("tenant").toString()).isEqualTo("acme");
    }

    @Test
    void givenALateReward_whenPosted_thenItIsOnTheRewardsTopic() {
        Map<String, Object> rec = post("/v1/rewards", ACME, """
                {"step_id": "http-1", "task_id": "task-h", "value": 0.5, "source": "grader"}""")
                .statusCode(202).extract().path("records[0]");

        GenericRecord reward = TopicReader.read("orbiter.rewards", (int) rec.get("partition"),
                ((Number) rec.get("offset")).longValue(), 1).get(0).value();
        assertThat(reward.get("step_id").toString()).isEqualTo("http-1");
        assertThat(reward.get("value")).isEqualTo(0.5);
        assertThat(reward.get("tenant").toString()).isEqualTo("acme");
    }

    @Test
    void givenNoOrAnUnknownKey_whenPosting_thenTheAnswerIs401_andABearerTokenAlsoWorks() {
        given().contentType("application/json").body("{\"task_id\": \"t\"}").post("/v1/steps").then()
                .statusCode(401).body("error", equalTo("unauthorized"));
        post("/v1/steps", "not-a-key", "{\"task_id\": \"t\"}").statusCode(401)
                .body("reason", equalTo("unknown API key"));
        given().header("Authorization", "Bearer " + ACME).contentType("application/json")
                .body("{\"task_id\": \"t-bearer\"}").post("/v1/steps").then().statusCode(202);
    }

    @Test
    void givenAReaderKey_whenSendingStepsRewardsMessagesSpansOrCalls_thenEveryOneIs403() {
        for (String path : List.of("/v1/steps", "/v1/rewards", "/v1/messages", "/v1/traces", "/v1/chat/completions",
                "/v1/gateway/t/a/chat/completions")) {
            post(path, "key-acme-reader", "{\"task_id\": \"t-reader\"}").statusCode(403)
                    .body("error", equalTo("forbidden")).body("reason", containsString("role reader"));
        }
    }

    @Test
    void givenTheOperationalEndpoints_whenCalled_thenHealthOpenApiAndMetricsAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/steps"));
        post("/v1/steps", ACME, "{\"task_id\": \"t-metrics\"}").statusCode(202);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("orbiter_capture_requests_total"))
                .body(containsString("orbiter_capture_produce_seconds"));
    }

    @Test
    void givenTheOpenApiDocument_whenRead_thenItDescribesTheCaptureEndpoints() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItem("/v1/rewards"));
    }
}
