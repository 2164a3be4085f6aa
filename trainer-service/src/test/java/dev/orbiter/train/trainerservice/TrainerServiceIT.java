package dev.orbiter.train.trainerservice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.orbiter.train.avro.EvolutionJobConfig;
import dev.orbiter.train.avro.JobConfig;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.avro.VeRLJobConfig;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import dev.orbiter.train.testkit.OrbiterTestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The trainer service on the real broker and registry: jobs by REST and by event, their events, cancel, bad input. */
@QuarkusTest
@QuarkusTestResource(OrbiterQuarkusTestResource.class)
class TrainerServiceIT {

    static final String KEY = "key-acme";

    @Test
    void aGrpoJobSubmittedOverRestTrainsOnTheSnapshotAndReportsEveryStep() {
        String snapshot = MathDataset.snapshot();
        given().header("X-API-Key", KEY).contentType("application/json").body(MathDataset.grpoJob("grpo-rest", 6, snapshot))
                .post("/v1/jobs").then().statusCode(202).body("job_id", equalTo("grpo-rest"));

        JsonPath job = awaitEnd("grpo-rest");

        assertThat(job.getList("statuses.state")).containsExactly("created", "validated", "training", "completed");
        List<TrainingMetric> metrics = metricsOf("grpo-rest");
        List<TrainingMetric> steps = metrics.stream().filter(m -> m.getPhase().equals("train")).toList();
        assertThat(steps).extracting(TrainingMetric::getStep).doesNotHaveDuplicates();
        assertThat(steps.get(steps.size() - 1).getMetrics().get("critic/score/mean"))
                .isGreaterThan(steps.get(0).getMetrics().get("critic/score/mean") + 0.3);
        assertThat(job.getDouble("eval_metrics.'eval/accuracy'")).isGreaterThanOrEqualTo(0.8);
        assertThat(metrics).extracting(TrainingMetric::getPhase).contains("final", "eval");
    }

    @Test
    void aJobOnADeletedSnapshotFailsSayingItWasDeleted() {
        MathDataset.snapshot();
        OrbiterTestStack s = OrbiterTestStack.get();
        Map<String, Object> client = Map.of("bootstrap.servers", s.bootstrapServers());
        String deleted;
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(client)) {
            DatasetSnapshots snapshots = new DatasetSnapshots(admin, client, registry(), Topics.defaults(), Duration.ofSeconds(30));
            deleted = snapshots.take("math", "orbiter.dataset.math", Map.of()).getSnapshotId();
            snapshots.delete(deleted);
        }
        given().header("X-API-Key", KEY).contentType("application/json").body(MathDataset.grpoJob("on-deleted", 1, deleted))
                .post("/v1/jobs").then().statusCode(202);

        JsonPath end = awaitEnd("on-deleted");

        assertThat(end.getList("statuses.state")).last().isEqualTo("failed");
        assertThat(end.getString("statuses[-1].message")).contains("snapshot " + deleted).contains("was deleted at");
    }

    @Test
    void anEvolutionJobSubmittedAsAnEventTakesItsOwnSnapshotAndReportsEachEpoch() throws Exception {
        MathDataset.snapshot();
        TrainingJob job = TrainingJob.newBuilder().setJobId("evo-event").setKind("evolution").setDataset("math")
                .setConfig(JobConfig.newBuilder().setVerl(VeRLJobConfig.newBuilder().setEpochs(1).setBatchSize(32)
                        .setLearningRate(0.05).setRolloutBatchSize(8).setPpoEpochs(2).setSeed(7L).build())
                        .setEvolution(EvolutionJobConfig.newBuilder().setMaxEpochs(3).setSeed(3L).build()).build())
                .setSubmittedAt(Instant.now()).setTenant("acme").build(); // a job sent as an event names its tenant
        OrbiterTestStack s = OrbiterTestStack.get();
        try (KafkaProducer<String, TrainingJob> p = new KafkaProducer<>(Map.of("bootstrap.servers", s.bootstrapServers()),
                new StringSerializer(), new AvroSerializer<>(registry(), Map.of(), false))) {
            p.send(new ProducerRecord<>("orbiter.training.jobs", job.getJobId(), job)).get();
        }

        JsonPath end = awaitEnd("evo-event");

        assertThat(end.getList("statuses.state")).containsExactly("created", "validated", "training", "completed");
        assertThat(end.getString("statuses[0].message")).contains("snapshot taken at start");
        List<TrainingMetric> epochs = metricsOf("evo-event").stream().filter(m -> m.getPhase().equals("epoch")).toList();
        assertThat(epochs).extracting(TrainingMetric::getStep).containsExactly(0L, 1L, 2L);
        assertThat(epochs.get(2).getMetrics().get("eval_accuracy")).isGreaterThan(epochs.get(0).getMetrics().get("eval_accuracy"));
    }

    @Test
    void aCancelledJobEndsFailedWithTheReason() {
        String snapshot = MathDataset.snapshot();
        given().header("X-API-Key", KEY).contentType("application/json").body(MathDataset.grpoJob("to-cancel", 400, snapshot))
                .post("/v1/jobs").then().statusCode(202);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(state("to-cancel")).as("to-cancel's state")
                .isEqualTo("training"));

        given().header("X-API-Key", KEY).post("/v1/jobs/to-cancel/cancel").then().statusCode(202);

        JsonPath end = awaitEnd("to-cancel");
        assertThat(end.getString("state")).isEqualTo("failed");
        assertThat(end.getString("message")).contains("cancelled");
        given().header("X-API-Key", KEY).post("/v1/jobs/to-cancel/cancel").then().statusCode(409);
    }

    @Test
    void badJobsAreRefusedWithEveryProblemAndNothingIsSubmitted() {
        given().header("X-API-Key", KEY).contentType("application/json")
                .body("{\"kind\": \"dance\", \"dataset\": 3, \"colour\": \"red\", \"reward_specs\": [\"nope\"],"
                        + " \"config\": {\"verl\": {\"epochs\": \"many\"}}}")
                .post("/v1/jobs").then().statusCode(400)
                .body("problems.field", hasItem("colour")).body("problems.field", hasItem("dataset"))
                .body("problems.field", hasItem("config.verl.epochs"));
        given().header("X-API-Key", KEY).contentType("application/json")
                .body("{\"kind\": \"dance\", \"dataset\": \"math\", \"reward_specs\": [\"nope\"]}")
                .post("/v1/jobs").then().statusCode(400)
                .body("problems.field", hasItem("kind")).body("problems.reason", hasItem(containsString("unknown reward")));
        given().header("X-API-Key", KEY).contentType("application/json").body("[1, 2]").post("/v1/jobs").then()
                .statusCode(400).body("problems[0].reason", containsString("JSON object"));
        given().contentType("application/json").body("{}").post("/v1/jobs").then().statusCode(401);
        given().header("X-API-Key", KEY).get("/v1/jobs/nope").then().statusCode(404);
        given().header("X-API-Key", KEY).contentType("application/json").body(MathDataset.grpoJob("typo", 1, null)
                .replace("\"math\"", "\"maht\"")).post("/v1/jobs").then().statusCode(400)
                .body("problems[0].reason", containsString("no dataset topic orbiter.dataset.maht"));
        given().header("X-API-Key", KEY).contentType("application/json") // Java rewards on the real VeRL, no callback URL
                .body("{\"kind\": \"verl\", \"dataset\": \"math\", \"reward_specs\": [\"score\"],"
                        + " \"config\": {\"verl\": {\"backend\": \"verl\"}}}")
                .post("/v1/jobs").then().statusCode(400).body("problems.field", hasItem("config.verl.backend"))
                .body("problems.reason", hasItem(containsString("orbiter.trainer.reward-endpoint")));
        given().header("X-API-Key", KEY).contentType("application/json").body("{\"solution_str\": \"4\"}")
                .post("/v1/rewards/score").then().statusCode(400).body("problems[0].field", equalTo("job_id"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("orbiter_trainer_jobs"));
    }

    @Test
    void tenThousandMalformedJobRequestsGetReasonedRefusalsAndNoServerError() {
        MathDataset.snapshot();
        dev.orbiter.train.testkit.MalformedJson bodies = new dev.orbiter.train.testkit.MalformedJson(7, List.of(
                MathDataset.grpoJob("fuzz-job", 1, null),
                "{\"kind\": \"evolution\", \"dataset\": \"math\", \"config\": {\"evolution\": {\"max_epochs\": 1,"
                        + " \"population_size\": 2, \"selection_ratio\": 0.5}}}"));
        dev.orbiter.train.testkit.MalformedJson.Report report = bodies.send(10_000, body -> {
            io.restassured.response.Response r = given().header("X-API-Key", KEY).contentType("application/json")
                    .body(body).post("/v1/jobs");
            List<Map<String, String>> problems = r.statusCode() >= 400 ? r.jsonPath().getList("problems") : null;
            boolean explained = problems != null && !problems.isEmpty()
                    && problems.stream().allMatch(p -> p.get("reason") != null && !p.get("reason").isBlank());
            return new dev.orbiter.train.testkit.MalformedJson.Answer(r.statusCode(), explained, r.asString());
        });

        assertThat(report.violations()).as("answers by status " + report.byStatus()).isEmpty();
        assertThat(report.count(400)).as("answers by status " + report.byStatus()).isGreaterThan(9_000);
    }

    static String state(String id) {
        return given().header("X-API-Key", KEY).get("/v1/jobs/" + id).then().extract().path("state");
    }

    static JsonPath awaitEnd(String id) {
        // On a timeout the message holds the job as the service last showed it (a CI run once timed out here blind).
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String job = given().header("X-API-Key", KEY).get("/v1/jobs/" + id).asString();
            assertThat(List.of("completed", "failed").contains(state(id))).as("job %s ended; last seen: %s", id, job).isTrue();
        });
        return given().header("X-API-Key", KEY).get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    static List<TrainingMetric> metricsOf(String jobId) {
        return dev.orbiter.train.testkit.TopicContents.readAll(OrbiterTestStack.get().bootstrapServers(),
                        "orbiter.training.metrics", new StringDeserializer(), new AvroDeserializer<>(registry(), TrainingMetric.class))
                .stream().filter(r -> r.key().equals(jobId)).map(ConsumerRecord::value).toList();
    }

    static SchemaRegistryClient registry() {
        return new SchemaRegistryClient(RegistryClientConfig.of(OrbiterTestStack.get().schemaRegistryUrl()));
    }
}
