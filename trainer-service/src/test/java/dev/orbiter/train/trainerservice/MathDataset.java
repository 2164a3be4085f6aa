package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.synthesis.DedupKeys;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.ArithmeticTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A curated dataset for the tests: the arithmetic benchmark's prompts and candidates in
 * {@code orbiter.dataset.math}, keyed by dedup key as the curation writes them, and a snapshot.
 */
final class MathDataset {

    static final String NAME = "math";
    private static String snapshotId;

    private MathDataset() {
    }

    /** Writes the dataset once per test JVM; returns the id of its snapshot. */
    static synchronized String snapshot() {
        if (snapshotId == null) {
            snapshotId = snapshotOf(NAME, null);
        }
        return snapshotId;
    }

    /**
     * Writes the arithmetic items into the topic of {@code dataset}, stamped with {@code tenant}
     * (null: captured without authentication), every write acknowledged; returns a snapshot's id.
     */
    static String snapshotOf(String dataset, String tenant) {
        OrbiterTestStack s = OrbiterTestStack.get();
        Topics topics = Topics.defaults();
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(s.schemaRegistryUrl()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", s.bootstrapServers()));
             KafkaProducer<String, SpecificRecordBase> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     s.bootstrapServers(), "acks", "all"), new StringSerializer(), new AvroSerializer<>(registry, Map.of(), false))) {
            TopicAdmin.ensure(admin, List.of(topics.dataset(dataset), topics.datasetSnapshots()));
            List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
            for (TrajectoryItem item : ArithmeticTask.generate(3000, 0, 4, 11).train()) {
                writes.add(producer.send(new ProducerRecord<>(topics.dataset(dataset).name(),
                        DedupKeys.of(item, List.of("input", "output")), StepCodec.toStep(item, "test", tenant))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> w : writes) {
                w.get();
            }
            return new DatasetSnapshots(admin, Map.of("bootstrap.servers", s.bootstrapServers()), registry,
                    topics, Duration.ofSeconds(60)).take(dataset, topics.dataset(dataset).name(), Map.of()).getSnapshotId();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a write of dataset " + dataset + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GRPO job's JSON. */
    static String grpoJob(String id, int epochs, String snapshot) {
        return grpoJob(id, NAME, epochs, snapshot);
    }

    /** A GRPO job's JSON on another dataset. */
    static String grpoJob(String id, String dataset, int epochs, String snapshot) {
        return """
                {"job_id": "%s", "kind": "verl", "dataset": "%s", %s
                 "config": {"verl": {"algorithm": "grpo", "epochs": %d, "batch_size": 32, "learning_rate": 0.05,
                   "rollout_batch_size": 8, "ppo_epochs": 2, "kl_coeff": 0.001, "test_ratio": 0.2, "seed": 7}}}
                """.formatted(id, dataset, snapshot == null ? "" : "\"snapshot_id\": \"" + snapshot + "\",", epochs);
    }
}
