package dev.orbiter.train.capture;

import static dev.orbiter.train.capture.CaptureServiceIT.ACME;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.curation.CurationRunner;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import dev.orbiter.train.testkit.PackagedService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages} behind several capture replicas: no replica keeps a counter, so steps
 * number in arrival order across replicas, also when one is SIGKILLed mid-run and another started;
 * a client that numbers its own steps gets them as sent, and its retry is the same step.
 */
@QuarkusTest
@WithTestResource(OrbiterQuarkusTestResource.class)
class MessagesReplicasIT {

    private static final String DATASET = "orbiter.dataset.msg";
    private static CurationRunner curation;

    @TestHTTPResource("/v1/messages")
    URL here;

    @BeforeAll
    static void startCuration() throws Exception {
        TopicReader.ensureTopics();
        curation = Curations.start("msg", Map.of("orbiter.datasets.msg.strategies", "tasks=msg-*",
                "orbiter.datasets.msg.min-score", "0", "orbiter.curation.calls.close-after", "1s",
                "orbiter.datasets.msg.dedup.key", "id"));
    }

    @AfterAll
    static void stopCuration() {
        if (curation != null) {
            curation.close();
        }
    }

    @Test
    void givenTwoReplicasOneKilledAndANewOneStarted_whenATasksMessagesAlternate_thenStepsNumberInArrivalOrderWithoutRepeats()
            throws Exception {
        String task = "msg-replicas-" + UUID.randomUUID();
        try (PackagedService replica = SecondInstance.start(List.of())) {
            List<String> urls = List.of(here.toString(), replica.baseUrl() + "/v1/messages");
            for (int turn = 0; turn < 6; turn++) {
                post(urls.get(turn % 2), task, turn);
            }
            replica.kill(); // mid-run: the load balancer sends the rest to the survivor
            for (int turn = 6; turn < 9; turn++) {
                post(here.toString(), task, turn);
            }
        }
        try (PackagedService restarted = SecondInstance.start(List.of())) {
            for (int turn = 9; turn < 12; turn++) {
                post(turn % 2 == 0 ? here.toString() : restarted.baseUrl() + "/v1/messages", task, turn);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Curations.steps(DATASET, task).size() >= 12);
        List<TrajectoryStep> steps = Curations.steps(DATASET, task);
        assertThat(steps).extracting(s -> s.getStep() + ":" + s.getOutput()).containsExactly("0:answer 0", "1:answer 1",
                "2:answer 2", "3:answer 3", "4:answer 4", "5:answer 5", "6:answer 6", "7:answer 7", "8:answer 8",
                "9:answer 9", "10:answer 10", "11:answer 11");
        assertThat(steps).extracting(TrajectoryStep::getId).doesNotHaveDuplicates();
        assertThat(steps).extracting(TrajectoryStep::getTenant).containsOnly("acme");
    }

    @Test
    void givenTheClientsOwnStepAndId_whenPostedAndRetried_thenItIsThatOneStep() {
        String task = "msg-own-" + UUID.randomUUID();
        String body = """
                {"task_id": "%s", "agent_id": "bot", "id": "%s-7", "step": 7,
                 "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}""".formatted(task, task);
        given().header("X-API-Key", ACME).contentType("application/json").body(body).post(here.toString()).then().statusCode(202);
        given().header("X-API-Key", ACME).contentType("application/json").body(body).post(here.toString()).then().statusCode(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> Curations.steps(DATASET, task).size() == 1);
        assertThat(Curations.steps(DATASET, task)).singleElement()
                .satisfies(s -> assertThat(s.getId() + "@" + s.getStep()).isEqualTo(task + "-7@7"));
    }

    private static void post(String url, String task, int turn) {
        given().header("X-API-Key", ACME).contentType("application/json").body("""
                {"task_id": "%s", "agent_id": "bot",
                 "messages": [{"role": "user", "content": "question %d"}, {"role": "assistant", "content": "answer %d"}]}"""
                .formatted(task, turn, turn)).post(url).then().statusCode(202);
    }
}
