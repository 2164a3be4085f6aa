package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's Kafka commands against the real broker and registry of the test kit. */
@ExtendWith(OrbiterStackExtension.class)
class CliIT {

    @TempDir
    Path dir;

    private static String[] kafka(OrbiterTestStack s, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap";
        all[args.length + 1] = s.bootstrapServers();
        all[args.length + 2] = "--registry";
        all[args.length + 3] = s.schemaRegistryUrl();
        return all;
    }

    @Test
    void emittedStepsFromAJsonlFileAreReadBackByTail(OrbiterTestStack s) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", s.bootstrapServers()))) {
            TopicAdmin.ensure(admin, List.of(Topics.defaults().steps()));
        }
        Path file = dir.resolve("steps.jsonl");
        Files.writeString(file, """
                {"id": "cli-1", "task_id": "cli-task", "input": "2+2", "output": "4", "score": 1.0}
                {"id": "cli-2", "task_id": "cli-task", "input": "2+3", "output": "5", "score": 1.0}

                {"id": "cli-3", "task_id": "cli-task", "input": "2+4", "output": "7", "score": 0.0}
                """);

        assertThat(Captured.run(kafka(s, "emit", file.toString())).out).contains("emitted 3 steps");

        Captured tail = Captured.run(kafka(s, "tail", "steps", "--from-beginning", "--json", "--timeout", "5s"));
        assertThat(tail.exitCode).isZero();
        assertThat(tail.out).contains("\"id\":\"cli-1\"", "\"id\":\"cli-2\"", "\"id\":\"cli-3\"");
    }

    @Test
    void aDatasetIsExportedAsTheLatestValuePerKeyInEveryFormat(OrbiterTestStack s) throws Exception {
        String topic = Topics.defaults().dataset("cli-export").name();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", s.bootstrapServers()));
             KafkaProducer<String, TrajectoryStep> p = new KafkaProducer<>(Map.of("bootstrap.servers", s.bootstrapServers()),
                     new StringSerializer(), new AvroSerializer<>(new SchemaRegistryClient(RegistryClientConfig.of(
                     s.schemaRegistryUrl())), Map.of(), false))) {
            TopicAdmin.ensure(admin, List.of(Topics.defaults().dataset("cli-export")));
            // each acknowledged before the next is sent: the order per key is the test's premise
            p.send(new ProducerRecord<>(topic, "k1", step("a", 0.2))).get();
            p.send(new ProducerRecord<>(topic, "k1", step("a", 0.9))).get(); // a re-curated item replaces itself
            p.send(new ProducerRecord<>(topic, "k2", step("b", 1.0))).get();
            p.send(new ProducerRecord<>(topic, "k3", step("c", 1.0))).get();
            p.send(new ProducerRecord<>(topic, "k3", null)).get();           // a tombstone removes it
        }
        for (String format : List.of("jsonl", "json", "csv", "parquet")) {
            Path out = dir.resolve("export." + format);
            Captured r = Captured.run(kafka(s, "export", "cli-export", "--format", format, "-o", out.toString()));
            assertThat(r.exitCode).as(format).isZero();
            assertThat(r.out).contains("exported 2 items");
        }
        List<String> lines = Files.readAllLines(dir.resolve("export.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"id\":\"a\"", "\"score\":0.9"))
                .noneSatisfy(l -> assertThat(l).contains("\"id\":\"c\""));
        byte[] parquet = Files.readAllBytes(dir.resolve("export.parquet")); // its columns are checked in verl/
        assertThat(new String(parquet, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(parquet, parquet.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(Files.readAllLines(dir.resolve("export.csv"))).hasSize(3);
    }

    @Test
    void badUsageAnswersWithAReasonAndExitCode2(OrbiterTestStack s) {
        assertThat(Orbiter.run(kafka(s, "emit", dir.resolve("missing.jsonl").toString()))).isEqualTo(2);
        assertThat(Orbiter.run("export", "x", "--snapshot", "a", "--as-of", "2026-01-01T00:00:00Z", "-o", "f")).isEqualTo(2);
        assertThat(Orbiter.run("replay", "x", "--to", "v2", "--set", "nonsense", "--stream-processor", "http://127.0.0.1:1"))
                .isIn(2, 3);
        assertThat(Orbiter.run("--help")).isZero();
    }

    private static TrajectoryStep step(String id, double score) {
        return StepCodec.toStep(TrajectoryItem.builder().id(id).taskId("t").input("q " + id).output("a").score(score).build(),
                "test", null);
    }
}
