package dev.orbiter.train.streamprocessor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.curation.ThreadReplacingHandler;
import dev.orbiter.train.testkit.OrbiterQuarkusTestResource;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import io.quarkus.test.common.QuarkusTestResource;
import dev.orbiter.train.testkit.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The service on the real broker and registry: curated datasets, counters over REST, snapshots, metrics. */
@QuarkusTest
@QuarkusTestResource(OrbiterQuarkusTestResource.class)
@QuarkusTestResource(FreshStateDir.class)
@QuarkusTestResource(PeerAddress.class) // the same resources as ScaleOutIT: one application for both
@org.junit.jupiter.api.Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first test counts every step of the default dataset
class StreamProcessorIT {

    private static final String KEY = "key-acme";
    private static final String GLOBEX = "key-globex";
    private static final String ACME_READER = "key-acme-reader";
    private static final String ADMIN = "key-ops";

    /** What the Kafka Streams extension looks up and installs on the KafkaStreams it runs. */
    @Inject
    Instance<StreamsUncaughtExceptionHandler> uncaughtExceptionHandlers;

    @TestHTTPResource("/datasets.html")
    URL datasetsPage;

    @Test
    @Order(1)
    void stepsAreCuratedIntoEveryConfiguredDatasetAndCountedOverRest() throws Exception {
        // Given steps of two agents, one repeated, one below the solver dataset's minimum score
        try (TrajectoryEmitter emitter = emitter()) {
            emitter.emit(item("s-1", "solver", "what is 2+2", "4", 1.0));
            emitter.emit(item("s-1", "solver", "what is 2+2", "4", 1.0));
            emitter.emit(item("s-2", "solver", "what is 3+3", "6", 0.6));
            emitter.emit(item("s-3", "planner", "plan a trip to the coast for two days", "day one: drive", 0.8));
            emitter.flush();
        }

        // Then the default dataset holds three items and the solver dataset one, as the counters say
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath json = given().header("X-API-Key", ADMIN).get("/v1/datasets").then().statusCode(200).extract().jsonPath();
            assertThat(json.getLong("datasets.find { it.name == 'default' }.counts.emitted")).isEqualTo(3);
            assertThat(json.getLong("datasets.find { it.name == 'solver' }.counts.emitted")).isEqualTo(1);
            assertThat(json.getLong("datasets.find { it.name == 'solver' }.counts.below_min_score")).isEqualTo(1);
            assertThat(json.getLong("datasets.find { it.name == 'solver' }.counts.filtered")).isEqualTo(1);
            assertThat(json.getLong("shared.duplicate_ids")).isEqualTo(1);
        });
        given().header("X-API-Key", KEY).get("/v1/datasets/solver").then().statusCode(200)
                .body("topic", equalTo("orbiter.dataset.solver")).body("settings.'min-score'", equalTo("0.9"));

        // When a snapshot is taken, Then it names the committed end offsets and is published as an event.
        // The counters are read from the live stores, so they may run up to one commit interval ahead of
        // what is committed to the topic; a snapshot counts only committed records, hence the retry.
        AtomicReference<JsonPath> taken = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            taken.set(given().header("X-API-Key", KEY).post("/v1/datasets/default/snapshots").then().statusCode(201)
                    .extract().jsonPath());
            assertThat(taken.get().getLong("item_count")).isEqualTo(3);
        });
        JsonPath snap = taken.get();
        long offsetsSum = snap.getList("end_offsets.offset", Long.class).stream().mapToLong(Long::longValue).sum();
        assertThat(offsetsSum).as("end offsets include the transaction markers").isGreaterThanOrEqualTo(3);
        DatasetSnapshot event = readSnapshot(snap.getString("snapshot_id"));
        assertThat(event.getDataset()).isEqualTo("default");
        assertThat(event.getItemCount()).isEqualTo(3);
        assertThat(event.getEndOffsets()).hasSize(3);
        assertThat(event.getCurationConfig()).containsEntry("orbiter.datasets.default.min-score", "0.5");

        assertThat(event.getDigest()).isEqualTo(snap.getString("digest")).startsWith("sha256:");
        assertThat(event.getStorageTopic()).isEqualTo(snap.getString("storage_topic"));

        // And snapshots are listed newest first, read one by one, and deleted (freeing their storage)
        String id = snap.getString("snapshot_id");
        String newer = given().header("X-API-Key", KEY).post("/v1/datasets/default/snapshots").then().statusCode(201)
                .extract().path("snapshot_id");
        List<String> listed = given().header("X-API-Key", KEY).get("/v1/datasets/default/snapshots").then().statusCode(200)
                .extract().jsonPath().getList("snapshots.snapshot_id");
        assertThat(listed).startsWith(newer).contains(id);
        given().header("X-API-Key", KEY).get("/v1/datasets/default/snapshots/" + id).then().statusCode(200)
                .body("digest", equalTo(snap.getString("digest"))).body("item_count", equalTo(3));
        given().header("X-API-Key", KEY).delete("/v1/datasets/default/snapshots/" + id).then().statusCode(200)
                .body("deleted_at", org.hamcrest.Matchers.notNullValue());
        assertThat(given().header("X-API-Key", KEY).get("/v1/datasets/default/snapshots").then().statusCode(200)
                .extract().jsonPath().getList("snapshots.snapshot_id")).contains(newer).doesNotContain(id);
        given().header("X-API-Key", KEY).get("/v1/datasets/default/snapshots/" + id).then().statusCode(200)
                .body("deleted_at", org.hamcrest.Matchers.notNullValue());
        given().header("X-API-Key", KEY).get("/v1/datasets/default/snapshots/no-such-id").then().statusCode(404)
                .body("reason", containsString("no such snapshot"));
        given().header("X-API-Key", KEY).get("/v1/datasets/solver/snapshots/" + newer).then().statusCode(404);

        // And Prometheus sees the same counters
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("orbiter_curation_records_total{dataset=\"default\",outcome=\"emitted\"} 3.0"));
    }

    @Test
    void requestsWithoutAKeyOrForAnUnknownDatasetAreRefusedWithAReason() {
        given().get("/v1/datasets").then().statusCode(401).body("reason", containsString("missing API key"));
        given().header("X-API-Key", "wrong").get("/v1/datasets").then().statusCode(401);
        given().header("X-API-Key", KEY).get("/v1/datasets/nope").then().statusCode(404)
                .body("reason", containsString("configured: [acme-only, default, solver]"));
        given().header("X-API-Key", KEY).post("/v1/datasets/nope/snapshots").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(2)
    void aDatasetBoundToATenantHoldsOnlyItsSteps_andNoOtherTenantCanSeeItOrItsSnapshots() throws Exception {
        // Given steps of acme and of globex
        try (TrajectoryEmitter emitter = emitter()) {
            emitter.emit(item("acme-1", "tenants", "acme's prompt", "acme's answer", 1.0), "acme");
            emitter.emit(item("globex-1", "tenants", "globex's prompt", "globex's answer", 1.0), "globex");
            emitter.flush();
        }
        // Then the acme-only dataset curates acme's step only, and counts the other one
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath one = given().header("X-API-Key", KEY).get("/v1/datasets/acme-only").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(one.getLong("counts.emitted")).isEqualTo(1);
            assertThat(one.getLong("counts.other_tenant")).isGreaterThanOrEqualTo(1);
        });
        AtomicReference<JsonPath> taken = new AtomicReference<>(); // counters may run a commit ahead of the topic
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            taken.set(given().header("X-API-Key", KEY).post("/v1/datasets/acme-only/snapshots").then().statusCode(201)
                    .extract().jsonPath());
            assertThat(taken.get().getLong("item_count")).isEqualTo(1);
        });
        String id = taken.get().getString("snapshot_id");

        // And globex's key finds no such dataset on any read or write endpoint (404, as for a name that does not exist)
        assertThat(given().header("X-API-Key", GLOBEX).get("/v1/datasets").then().statusCode(200).extract()
                .jsonPath().getList("datasets.name", String.class)).containsExactlyInAnyOrder("default", "solver");
        given().header("X-API-Key", GLOBEX).get("/v1/datasets").then().body("shared", org.hamcrest.Matchers.nullValue());
        for (String path : List.of("/v1/datasets/acme-only", "/v1/datasets/acme-only/snapshots",
                "/v1/datasets/acme-only/snapshots/" + id)) {
            given().header("X-API-Key", GLOBEX).get(path).then().statusCode(404)
                    .body("reason", containsString("configured: [default, solver]"));
        }
        given().header("X-API-Key", GLOBEX).post("/v1/datasets/acme-only/snapshots").then().statusCode(404);
        given().header("X-API-Key", GLOBEX).delete("/v1/datasets/acme-only/snapshots/" + id).then().statusCode(404);

        // And acme's reader reads but cannot write; the admin sees every dataset and the counters across tenants
        given().header("X-API-Key", ACME_READER).get("/v1/datasets/acme-only/snapshots/" + id).then().statusCode(200);
        given().header("X-API-Key", ACME_READER).post("/v1/datasets/acme-only/snapshots").then().statusCode(403)
                .body("reason", containsString("role reader"));
        JsonPath all = given().header("X-API-Key", ADMIN).get("/v1/datasets").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("datasets.name", String.class)).contains("acme-only", "default", "solver");
        assertThat(all.getMap("shared")).isNotEmpty();
    }

    @Test
    @Order(3)
    void theDatasetsPageDrawsCountersOverTimeDeadLettersAndSnapshots_andATenantSeesOnlyItsDatasets() throws Exception {
        // Given a record that does not decode: a dead letter
        OrbiterTestStack stack = OrbiterTestStack.get();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("orbiter.steps", "poison-key", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        Path out = Path.of("target", "dashboard");
        try (HeadlessChromium browser = HeadlessChromium.start(out.resolve("profile"))) {
            // When an admin opens the page, and steps keep coming
            browser.open(datasetsPage + "?dataset=default&key=" + ADMIN);
            try (TrajectoryEmitter emitter = emitter()) {
                for (int i = 0; i < 3; i++) {
                    emitter.emit(item("page-" + i, "solver", "page prompt " + i, "answer " + i, 1.0));
                }
                emitter.flush();
            }
            // Then it draws the counters over time, the dead letter with where it came from, the snapshots and
            // the stream-thread replacements
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(browser.eval("Number(document.getElementById('samples').textContent)").asInt()).isGreaterThanOrEqualTo(3);
                    assertThat(browser.eval("chart.data.datasets.map(d => d.data.length).reduce((a, b) => a + b, 0)").asInt())
                            .isGreaterThan(2);
                    assertThat(text(browser, "#datasets tr.selected")).startsWith("default");
                    assertThat(text(browser, "#selected")).isEqualTo("default");
                    assertThat(text(browser, "#dlq")).contains("poison-key").contains("orbiter.steps");
                    assertThat(text(browser, "#snapshots")).contains("default-");
                    assertThat(text(browser, "#replacements")).isEqualTo("registry 0, other 0");
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                browser.screenshot(out.resolve("datasets-failure.png"));
                throw new AssertionError("the page says: " + browser.eval("document.body.innerText").asText(), e);
            }
            assertThat(text(browser, "#error")).isEmpty();
            browser.screenshot(out.resolve("datasets.png"));

            // And globex's key sees the shared datasets only, and no dead letters (they are every tenant's)
            browser.open(datasetsPage + "?key=" + GLOBEX);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(text(browser, "#datasets")).contains("default").contains("solver").doesNotContain("acme-only");
                assertThat(text(browser, "#dlq-total")).isEqualTo("(admin keys only)");
            });
        }
        assertThat(Files.size(out.resolve("datasets.png"))).isGreaterThan(10_000);
    }

    private static String text(HeadlessChromium browser, String selector) throws Exception {
        return browser.eval("(document.querySelector('" + selector + "') || {innerText: ''}).innerText").asText();
    }

    @Test
    void theServiceInstallsTheHandlerThatReplacesAFailedStreamThread() {
        // Kafka Streams' default would shut the client down (the service up, curating nothing). A real
        // failure and its replacement, counted in the metric below, are in RegistryOutageIT (cli), which
        // stops the registry under the packaged service.
        assertThat(uncaughtExceptionHandlers.isResolvable()).isTrue();
        assertThat(uncaughtExceptionHandlers.get()).isInstanceOf(ThreadReplacingHandler.class);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("orbiter_curation_stream_thread_replacements_total{reason=\"registry\"} 0.0"));
    }

    private static TrajectoryItem item(String id, String agent, String input, String output, double score) {
        return TrajectoryItem.builder().id(id).taskId("task-" + id).agentId(agent).input(input).output(output)
                .score(score).build();
    }

    private static TrajectoryEmitter emitter() {
        OrbiterTestStack s = OrbiterTestStack.get();
        return TrajectoryEmitter.create(Map.of("bootstrap.servers", s.bootstrapServers(), "schema.registry.url",
                s.schemaRegistryUrl()));
    }

    private static DatasetSnapshot readSnapshot(String id) {
        OrbiterTestStack s = OrbiterTestStack.get();
        AvroDeserializer<DatasetSnapshot> values = new AvroDeserializer<>(
                new SchemaRegistryClient(RegistryClientConfig.of(s.schemaRegistryUrl())), DatasetSnapshot.class);
        try (KafkaConsumer<String, DatasetSnapshot> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                s.bootstrapServers()), new StringDeserializer(), values)) {
            List<TopicPartition> parts = c.partitionsFor("orbiter.dataset-snapshots").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, DatasetSnapshot> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(id)) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("snapshot " + id + " not on orbiter.dataset-snapshots");
    }
}
