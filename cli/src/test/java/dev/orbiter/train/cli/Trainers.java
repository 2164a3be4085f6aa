package dev.orbiter.train.cli;

import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.synthesis.DedupKeys;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.TopicContents;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.ArithmeticTask;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Packaged trainer-service processes on the test stack, an arithmetic dataset for them, and what they published. */
final class Trainers {

    static final Path ROOT = Path.of(System.getProperty("orbiter.project.root", "..")).toAbsolutePath().normalize();

    private Trainers() {
    }

    /** A trainer on {@code port} named {@code instance}, its work directory {@code work}, logging to {@code log}. */
    static ChildProcess start(OrbiterTestStack s, int port, String instance, Path work, Path log, int workers) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ChildProcess.start("trainer-service", List.of(java, "-Xmx768m", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + s.bootstrapServers(), "-Dorbiter.schema-registry.url=" + s.schemaRegistryUrl(),
                "-Dorbiter.trainer.auth.enabled=false", "-Dorbiter.trainer.work-dir=" + work,
                "-Dorbiter.trainer.instance-id=" + instance, "-Dorbiter.trainer.workers=" + workers, "-jar",
                ROOT.resolve("trainer-service/target/quarkus-app/quarkus-run.jar").toString()), Map.of(), ROOT, log)
                .awaitReady(() -> ready(port), 120);
    }

    static boolean ready(int port) {
        try {
            new Http(null).get("http://127.0.0.1:" + port + "/q/health/ready");
            return true;
        } catch (CliException e) {
            return false;
        }
    }

    /** The train-phase steps of a job's metric events, in the order they are on the topic. */
    static List<Long> trainMetrics(OrbiterTestStack s, String job) {
        return TopicContents.readAll(s.bootstrapServers(), "orbiter.training.metrics", new StringDeserializer(),
                        new AvroDeserializer<>(new SchemaRegistryClient(RegistryClientConfig.of(s.schemaRegistryUrl())),
                                TrainingMetric.class))
                .stream().filter(r -> r.key().equals(job) && r.value().getPhase().equals("train"))
                .map(r -> r.value().getStep()).toList();
    }

    /** {@code prompts} arithmetic prompts in dataset {@code name}, every write acknowledged; returns a snapshot's id. */
    static String dataset(OrbiterTestStack s, String name, int prompts) throws Exception {
        Topics topics = Topics.defaults();
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(s.schemaRegistryUrl()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", s.bootstrapServers()));
             KafkaProducer<String, SpecificRecordBase> p = new KafkaProducer<>(Map.of("bootstrap.servers", s.bootstrapServers()),
                     new StringSerializer(), new AvroSerializer<>(registry, Map.of(), false))) {
            TopicAdmin.ensure(admin, List.of(topics.dataset(name), topics.datasetSnapshots(), topics.trainingJobs(),
                    topics.trainingStatus(), topics.trainingMetrics()));
            List<Future<?>> writes = new ArrayList<>();
            for (TrajectoryItem item : ArithmeticTask.generate(prompts, 0, 4, 3).train()) {
                writes.add(p.send(new ProducerRecord<>(topics.dataset(name).name(), DedupKeys.of(item, List.of("input", "output")),
                        StepCodec.toStep(item, "test", null))));
            }
            p.flush();
            for (Future<?> w : writes) {
                w.get();
            }
            return new DatasetSnapshots(admin, Map.of("bootstrap.servers", s.bootstrapServers()), registry,
                    topics, Duration.ofSeconds(60)).take(name, topics.dataset(name).name(), Map.of()).getSnapshotId();
        }
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
