package dev.orbiter.train.streamprocessor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.PackagedService;
import dev.orbiter.train.trajectory.TrajectoryItem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the stream-processor on one broker: either answers {@code GET /v1/datasets} for
 * the whole topology (its stores and its peer's, summed); with the peer SIGKILLed it names the peer
 * and its partitions instead of under-counting; steps sent meanwhile are counted exactly once when
 * its tasks moved; a peer started again takes tasks back and both answer the same.
 * Runs after {@link StreamProcessorIT}, whose counts are absolute (same application, same broker).
 */
@QuarkusTest
@QuarkusTestResource(OrbiterQuarkusTestResource.class)
@QuarkusTestResource(FreshStateDir.class)
@QuarkusTestResource(PeerAddress.class)
@Order(2)
class ScaleOutIT {

    private static final String ADMIN = "key-ops";

    @Test
    void givenTwoInstances_eitherCountsTheWholeDataset_andAKilledPeerIsNamedUntilItsTasksMoved() throws Exception {
        long before = emitted(null);
        try (PackagedService peer = PeerInstance.start()) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(datasets(null).getInt("instances")).isEqualTo(2));

            // When 60 distinct steps are curated, spread over every partition and so over both instances
            emit(60);

            // Then each instance answers with the whole count
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(emitted(null)).isEqualTo(before + 60);
                assertThat(emitted(peer.baseUrl())).isEqualTo(before + 60);
            });
            assertThat(datasets(null).getList("unreachable")).isEmpty();

            // When the peer is SIGKILLed, Then the answer names it and the partitions it held, not a smaller sum
            peer.kill();
            JsonPath right = datasets(null);
            assertThat(right.getString("unreachable[0].instance")).isEqualTo(peer.address());
            assertThat(right.getList("unreachable[0].partitions", String.class)).isNotEmpty();
            emit(60); // while the killed peer's tasks wait for its session to time out
        }
        // And once its tasks moved here (restored from their changelogs), this instance counts everything, exactly once
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath now = datasets(null);
            assertThat(now.getList("unreachable")).isEmpty();
            assertThat(now.getInt("instances")).isEqualTo(1);
            assertThat(now.getLong("datasets.find { it.name == 'default' }.counts.emitted")).isEqualTo(before + 120);
        });
        // And a peer started again takes tasks back, and both answer the same
        try (PackagedService again = PeerInstance.start()) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(datasets(null).getInt("instances")).isEqualTo(2);
                assertThat(emitted(null)).isEqualTo(before + 120);
                assertThat(emitted(again.baseUrl())).isEqualTo(before + 120);
            });
        }
    }

    /** Distinct steps (no exact or near copies), one task each, so they spread over every partition. */
    private static void emit(int n) {
        try (TrajectoryEmitter emitter = TrajectoryEmitter.create(Map.of("bootstrap.servers",
                OrbiterTestStack.get().bootstrapServers(), "schema.registry.url", OrbiterTestStack.get().schemaRegistryUrl()))) {
            for (int i = 0; i < n; i++) {
                String text = UUID.randomUUID() + " " + UUID.randomUUID();
                emitter.emit(TrajectoryItem.builder().id("scale-" + UUID.randomUUID()).taskId("scale-task-" + UUID.randomUUID())
                        .agentId("scale").input(text).output(UUID.randomUUID().toString()).score(1.0).build());
            }
            emitter.flush();
        }
    }

    private static long emitted(String base) {
        return datasets(base).getLong("datasets.find { it.name == 'default' }.counts.emitted");
    }

    private static JsonPath datasets(String base) {
        String url = base == null ? "/v1/datasets" : base + "/v1/datasets";
        return given().header("X-API-Key", ADMIN).get(url).then().statusCode(200).extract().jsonPath();
    }
}
