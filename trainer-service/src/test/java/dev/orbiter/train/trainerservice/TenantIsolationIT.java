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

    @Test
    void aTenantsStreamCarriesTheEventsOfItsJobThatWereReadBeforeTheJobsSpec() throws Exception {
        // Another instance's job: its status can be read before its spec (two topics), and only the spec
        // says whose job it is. Given acme's stream open and known to be subscribed (its first event is
        // the replay of an acme job)
        String snapshot = MathDataset.snapshot();
        writeStatus("early-anchor");
        submitAsAcme("early-anchor", snapshot);
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(events)
                .header("X-API-Key", ACME).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(1, TimeUnit.MINUTES);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> stream.body()
                .takeWhile(line -> !line.contains("early-job")).forEach(seen::add));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                .until(() -> seen.stream().anyMatch(l -> l.contains("early-anchor")));

        // When a status of acme's job is read before its spec
        writeStatus("early-job");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).untilAsserted(() ->
                given().header("X-API-Key", ADMIN).get("/v1/jobs/early-job").then().statusCode(200));
        submitAsAcme("early-job", snapshot);

        // Then the stream carries it once the spec is read (before, it went to nobody but admins)
        assertThat(reading).as("acme's stream carries early-job's status; it carried %s", seen)
                .succeedsWithin(java.time.Duration.ofMinutes(1));
        stream.body().close();
    }

    /** A terminal status with no spec yet: the trainer will not run a job it has a status of. */
    private static void writeStatus(String jobId) throws Exception {
        dev.orbiter.train.testkit.OrbiterTestStack s = dev.orbiter.train.testkit.OrbiterTestStack.get();
        var registry = new dev.orbiter.train.client.registry.SchemaRegistryClient(
                dev.orbiter.train.client.registry.RegistryClientConfig.of(s.schemaRegistryUrl()));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, dev.orbiter.train.avro.JobStatus>(
                java.util.Map.of("bootstrap.servers", s.bootstrapServers(), "acks", "all"),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new dev.orbiter.train.client.serde.AvroSerializer<>(registry, java.util.Map.of(), false))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    dev.orbiter.train.client.Topics.defaults().trainingStatus().name(), jobId,
                    dev.orbiter.train.avro.JobStatus.newBuilder().setJobId(jobId).setKind("verl").setState("failed")
                            .setPreviousState("running").setMessage("written by another instance before its spec")
                            .setTimestamp(java.time.Instant.now()).setInstance("elsewhere").build())).get();
        }
    }

    private static void submitAsAcme(String jobId, String snapshot) {
        given().header("X-API-Key", ACME).contentType("application/json").body(MathDataset.grpoJob(jobId, 1, snapshot))
                .post("/v1/jobs").then().statusCode(202);
    }

    private static JsonPath awaitEnd(String id, String key) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3)).untilAsserted(() ->
                assertThat(given().header("X-API-Key", key).get("/v1/jobs/" + id).then().extract().jsonPath()
                        .getString("state")).as("job %s", id).isIn("completed", "failed"));
        return given().header("X-API-Key", key).get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }
}
