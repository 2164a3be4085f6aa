package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.synthesis.DedupKeys;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.ArithmeticTask;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trainer service killed with SIGKILL in the middle of two jobs and started again on the same
 * work directory: the GRPO job, which has checkpoints, resumes and completes; the population
 * evolution, which has none to resume from, ends failed with the reason; neither is left running,
 * and no training step has two metric events.
 */
@ExtendWith(OrbiterStackExtension.class)
class TrainerCrashIT {

    @Test
    void aKilledTrainerResumesOrFailsItsJobsAndNeverRepeatsAStepsMetrics(OrbiterTestStack s) throws Exception {
        Path root = Path.of(System.getProperty("orbiter.project.root", "..")).toAbsolutePath().normalize();
        Path work = Path.of("target", "trainer-crash").toAbsolutePath();
        Wipe.directory(work);
        String snapshot = dataset(s);
        int port = freePort();
        Http http = new Http(null);
        String url = "http://127.0.0.1:" + port;

        ChildProcess trainer = trainer(root, work, s, port, 1);
        String grpo = http.post(url + "/v1/jobs", Map.of("kind", "verl", "dataset", "crash", "snapshot_id", snapshot,
                "config", Map.of("verl", Map.of("algorithm", "grpo", "epochs", 60, "batch_size", 32, "learning_rate", 0.05,
                        "rollout_batch_size", 8, "ppo_epochs", 2, "seed", 7), "extra", Map.of("trainer.save_freq", "25"))))
                .path("job_id").asText();
        String evo = http.post(url + "/v1/jobs", Map.of("kind", "evolution", "dataset", "crash", "snapshot_id", snapshot,
                "config", Map.of("verl", Map.of("algorithm", "grpo", "epochs", 1, "batch_size", 32, "learning_rate", 0.05,
                        "rollout_batch_size", 8, "ppo_epochs", 2, "seed", 7), "evolution", Map.of("strategy", "hyperparameters",
                        "population_size", 4, "max_epochs", 50, "seed", 1)))).path("job_id").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> trainMetrics(s, grpo).size() > 120
                && "training".equals(http.get(url + "/v1/jobs/" + evo).path("state").asText()));

        trainer.kill();
        trainer = trainer(root, work, s, port, 2);
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> List.of("completed", "failed").contains(http.get(url + "/v1/jobs/" + grpo).path("state").asText()));
            JsonNode job = http.get(url + "/v1/jobs/" + grpo);
            assertThat(job.path("state").asText()).isEqualTo("completed");
            List<String> messages = new ArrayList<>();
            job.path("statuses").forEach(st -> messages.add(st.path("message").asText("")));
            assertThat(messages).anySatisfy(m -> assertThat(m).contains("resuming from checkpoint step"));
            List<Long> steps = trainMetrics(s, grpo);
            assertThat(steps).as("one metric event per training step").doesNotHaveDuplicates();
            assertThat(new HashSet<>(steps)).hasSize(steps.size());
            JsonNode evolution = http.get(url + "/v1/jobs/" + evo);
            assertThat(evolution.path("state").asText()).isEqualTo("failed");
            assertThat(evolution.path("message").asText()).contains("restarted while the job was training");
        } finally {
            trainer.close();
        }
    }

    private static ChildProcess trainer(Path root, Path work, OrbiterTestStack s, int port, int start) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ChildProcess.start("trainer-service", List.of(java, "-Xmx768m", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + s.bootstrapServers(), "-Dorbiter.schema-registry.url=" + s.schemaRegistryUrl(),
                "-Dorbiter.trainer.auth.enabled=false", "-Dorbiter.trainer.work-dir=" + work.resolve("work"), "-jar",
                root.resolve("trainer-service/target/quarkus-app/quarkus-run.jar").toString()), Map.of(), root,
                work.resolve("trainer-" + start + ".log")).awaitReady(() -> ready(port), 120);
    }

    private static boolean ready(int port) {
        try {
            new Http(null).get("http://127.0.0.1:" + port + "/q/health/ready");
            return true;
        } catch (CliException e) {
            return false;
        }
    }

    private static List<Long> trainMetrics(OrbiterTestStack s, String job) {
        return TopicContents.readAll(s.bootstrapServers(), "orbiter.training.metrics", new StringDeserializer(),
                        new AvroDeserializer<>(new SchemaRegistryClient(RegistryClientConfig.of(s.schemaRegistryUrl())),
                                TrainingMetric.class))
                .stream().filter(r -> r.key().equals(job) && r.value().getPhase().equals("train"))
                .map(r -> r.value().getStep()).toList();
    }

    private static String dataset(OrbiterTestStack s) throws Exception {
        Topics topics = Topics.defaults();
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(s.schemaRegistryUrl()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", s.bootstrapServers()));
             KafkaProducer<String, SpecificRecordBase> p = new KafkaProducer<>(Map.of("bootstrap.servers", s.bootstrapServers()),
                     new StringSerializer(), new AvroSerializer<>(registry, Map.of(), false))) {
            TopicAdmin.ensure(admin, List.of(topics.dataset("crash"), topics.datasetSnapshots(), topics.trainingJobs(),
                    topics.trainingStatus(), topics.trainingMetrics()));
            for (TrajectoryItem item : ArithmeticTask.generate(1500, 0, 4, 3).train()) {
                p.send(new ProducerRecord<>(topics.dataset("crash").name(), DedupKeys.of(item, List.of("input", "output")),
                        StepCodec.toStep(item, "test", null)));
            }
            p.flush();
            return new DatasetSnapshots(admin, Map.of("bootstrap.servers", s.bootstrapServers()), registry,
                    topics, Duration.ofSeconds(60)).take("crash", topics.dataset("crash").name(), Map.of())
                    .getSnapshotId();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
