package dev.orbiter.train.trainerservice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two tenants on one trainer: every read endpoint tried with the other tenant's key finds nothing
 * (404 as for a job that does not exist, absent from lists and event streams), a reader key cannot
 * submit, an admin sees everything, and a job never trains on another tenant's steps.
 */
@QuarkusTest
@QuarkusTestResource(OrbiterQuarkusTestResource.class)
class TenantIsolationIT {

    private static final String ACME = TrainerServiceIT.KEY;
    private static final String GLOBEX = "key-globex";
    private static final String ACME_READER = "key-acme-reader";
    private static final String ADMIN = "key-ops";

    @TestHTTPResource("/v1/events?replay=true")
    URI events;

    @Test
    void anotherTenantsKeyFindsNoTraceOfAJob_andAJobNeverTrainsOnAnotherTenantsSteps() throws Exception {
        // Given a job of acme, run to its end
        given().header("X-API-Key", ACME).contentType("application/json")
                .body(MathDataset.grpoJob("acme-job", 1, MathDataset.snapshot())).post("/v1/jobs").then().statusCode(202);
        assertThat(TrainerServiceIT.awaitEnd("acme-job").getString("state")).isEqualTo("completed");

        // Then globex's key gets 404 wherever the job is named, and neither lists nor streams it
        for (String path : List.of("/v1/jobs/acme-job", "/v1/jobs/acme-job/metrics")) {
            given().header("X-API-Key", GLOBEX).get(path).then().statusCode(404).body("reason", containsString("no job acme-job"));
        }
        given().header("X-API-Key", GLOBEX).post("/v1/jobs/acme-job/cancel").then().statusCode(404);
        given().header("X-API-Key", GLOBEX).contentType("application/json").body("{\"job_id\": \"acme-job\", \"solution_str\": \"4\"}")
                .post("/v1/rewards/score").then().statusCode(404);
        assertThat(given().header("X-API-Key", GLOBEX).get("/v1/jobs").then().statusCode(200).extract().jsonPath()
                .getList("job_id", String.class)).doesNotContain("acme-job");

        // When globex submits a job on a dataset of acme's steps, while its event stream is open
        String acmeSteps = MathDataset.snapshotOf("acme-math", "acme");
        List<String> seen = new CopyOnWriteArrayList<>();
        // async: the service may send the stream's headers only with its first event; a job's events the
        // subscription misses are in its replay, so the order of subscribing and submitting does not matter
        CompletableFuture<HttpResponse<Stream<String>>> stream = HttpClient.newHttpClient().sendAsync(HttpRequest
                .newBuilder(events).header("X-API-Key", GLOBEX).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = stream.thenAcceptAsync(r -> r.body()
                .takeWhile(line -> !(line.contains("globex-on-acme") && line.contains("failed"))).forEach(seen::add));
        given().header("X-API-Key", GLOBEX).contentType("application/json")
                .body(MathDataset.grpoJob("globex-on-acme", "acme-math", 1, acmeSteps)).post("/v1/jobs").then().statusCode(202);

        // Then the job fails naming the reason, and the stream held globex's job only: acme's replayed events were left out
        JsonPath failed = awaitEnd("globex-on-acme", GLOBEX);
        assertThat(failed.getString("statuses[-1].message")).contains("are steps of other tenants than globex");
        reading.get(2, TimeUnit.MINUTES);
        stream.get().body().close();
        assertThat(seen).anyMatch(l -> l.contains("globex-on-acme")).noneMatch(l -> l.contains("acme-job"));

        // And acme's reader reads acme's job but cannot submit; the admin sees both tenants' jobs
        given().header("X-API-Key", ACME_READER).get("/v1/jobs/acme-job").then().statusCode(200);
        given().header("X-API-Key", ACME_READER).contentType("application/json").body(MathDataset.grpoJob("by-reader", 1, null))
                .post("/v1/jobs").then().statusCode(403).body("reason", containsString("role reader"));
        assertThat(given().header("X-API-Key", ADMIN).get("/v1/jobs").then().statusCode(200).extract().jsonPath()
                .getList("job_id", String.class)).contains("acme-job", "globex-on-acme");
        given().header("X-API-Key", ACME).get("/v1/jobs/globex-on-acme").then().statusCode(404);
    }

    private static JsonPath awaitEnd(String id, String key) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3)).untilAsserted(() ->
                assertThat(given().header("X-API-Key", key).get("/v1/jobs/" + id).then().extract().jsonPath()
                        .getString("state")).as("job %s", id).isIn("completed", "failed"));
        return given().header("X-API-Key", key).get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }
}
