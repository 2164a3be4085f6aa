package dev.orbiter.train.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every capture validation rule, without a broker: what each endpoint accepts and the 400 it answers. */
class CaptureRequestsTest {

    private final CaptureRequests requests = new CaptureRequests(new ObjectMapper(), config("reject"));

    @Test
    void aValidStepBecomesAnItemWithItsFields() {
        List<TrajectoryItem> items = requests.steps(body("{\"id\": \"s1\", \"task_id\": \"t\", \"step\": 2, \"score\": 0.5,"
                + " \"input\": \"q\", \"output\": \"a\", \"metadata\": {\"k\": 1}, \"timestamp\": \"2026-12-01T10:00:00Z\"}"));
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo("s1");
            assertThat(i.step()).isEqualTo(2);
            assertThat(i.score()).isEqualTo(0.5);
            assertThat(i.metadata()).containsEntry("k", 1);
        });
    }

    @Test
    void theBodyMustBeBoundedParseableJsonObjects() {
        assertProblems(() -> requests.steps(new byte[0]), new Problem("body", "empty body: expected JSON"));
        assertProblems(() -> requests.steps(new byte[2000]), new Problem("body", "larger than 1000 bytes"));
        assertThatThrownBy(() -> requests.steps(body("{\"task_id\": "))).isInstanceOfSatisfying(BadRequestException.class,
                e -> assertThat(e.problems().get(0).reason()).startsWith("malformed JSON"));
        assertProblems(() -> requests.steps(body("[]")), new Problem("body", "empty array: nothing to capture"));
        assertProblems(() -> requests.steps(body("[{},{},{},{}]")), new Problem("body", "4 items, more than the batch limit of 3"));
        assertProblems(() -> requests.steps(body("\"text\"")),
                new Problem("body", "must be a JSON object or an array of objects, got string"));
        assertProblems(() -> requests.steps(body("[{\"task_id\": \"t\"}, 5]")), new Problem("[1]", "must be an object, got number 5"));
    }

    @Test
    void everyProblemOfEveryObjectIsReportedWithItsPath() {
        assertProblems(() -> requests.steps(body("[{\"task_id\": \"t\"}, {\"score\": \"high\", \"step\": -1, \"input\": 3,"
                        + " \"context\": [], \"messages\": [1], \"timestamp\": true, \"extra\": 1}]")),
                new Problem("[1].extra", "unknown field"), new Problem("[1].task_id", "required"),
                new Problem("[1].input", "must be a string, got number 3"),
                new Problem("[1].step", "must be a non-negative integer, got number -1"),
                new Problem("[1].timestamp", "must be epoch seconds or an ISO-8601 string, got boolean"),
                new Problem("[1].score", "must be a finite number, got string"),
                new Problem("[1].context", "must be an object, got array"),
                new Problem("[1].messages", "must be an array of objects, got array"));
    }

    @Test
    void aBlankTaskIdOrANonFiniteScoreIsRefused() {
        assertProblems(() -> requests.steps(body("{\"task_id\": \"  \"}")),
                new Problem("task_id", "must be a non-empty string, got string"));
        assertProblems(() -> requests.steps(body("{\"task_id\": \"t\", \"score\": 1e999}")),
                new Problem("score", "must be a finite number, got non-finite number Infinity"));
    }

    @Test
    void unknownFieldsAreIgnoredWhenConfiguredSo() {
        CaptureRequests lenient = new CaptureRequests(new ObjectMapper(), config("ignore"));
        assertThat(lenient.steps(body("{\"task_id\": \"t\", \"rewardd\": 1}"))).hasSize(1);
    }

    @Test
    void messagesNeedATaskAndTheirMessages() {
        assertProblems(() -> requests.messages(body("{\"agent_id\": \"a\"}")), new Problem("task_id", "required"),
                new Problem("messages", "required"));
        CaptureRequests.MessagesRequest m = requests.messages(body("{\"task_id\": \"t\", \"agent_id\": \"a\", \"score\": 1,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")).get(0);
        assertThat(m.messages()).singleElement().satisfies(x -> assertThat(x).containsEntry("content", "hi"));
        assertThat(m.options()).containsEntry("score", 1.0);
        assertThat(m.agentId()).isEqualTo("a");
    }

    @Test
    void aRewardNeedsAFiniteValueAndNamesItsStep() {
        assertProblems(() -> requests.rewards(body("{\"task_id\": \"t\", \"value\": \"good\"}")),
                new Problem("value", "must be a finite number, got string"),
                new Problem("step_id", "required unless agent_id and step name the rewarded step"));
        assertProblems(() -> requests.rewards(body("{\"task_id\": \"t\", \"step_id\": \"s\", \"timestamp\": \"now\"}")),
                new Problem("value", "required"), new Problem("timestamp", "must be epoch seconds, got string"));
        RewardEvent byCounter = requests.rewards(body("{\"task_id\": \"t\", \"agent_id\": \"a\", \"step\": 3, \"value\": 1,"
                + " \"timestamp\": 1764583200.5}")).get(0);
        assertThat(byCounter.getStep()).isEqualTo(3);
        assertThat(byCounter.getStepId()).isNull();
        assertThat(byCounter.getTimestamp()).isEqualTo(Instant.ofEpochSecond(1764583200L, 500_000_000));
        assertThat(byCounter.getId()).isNotBlank();
    }

    private static void assertProblems(ThrowableAssert.ThrowingCallable call, Problem... expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BadRequestException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static CaptureConfig config(String unknownFields) {
        return new CaptureConfig() {
            public int maxBatchSize() {
                return 3;
            }

            public int maxBodyBytes() {
                return 1000;
            }

            public String unknownFields() {
                return unknownFields;
            }

            public Duration produceTimeout() {
                return Duration.ofSeconds(1);
            }

            public int retryAfterSeconds() {
                return 1;
            }

            public String source() {
                return "http";
            }

            public Auth auth() {
                return new Auth() {
                    public boolean enabled() {
                        return false;
                    }

                    public Optional<List<String>> keys() {
                        return Optional.empty();
                    }
                };
            }

            public Map<String, String> producer() {
                return Map.of();
            }

            public Gateway gateway() {
                throw new UnsupportedOperationException("requests do not read the gateway's settings");
            }
        };
    }
}
