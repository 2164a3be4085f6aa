package dev.orbiter.train.client.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.testkit.SchemaRegistryProcess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On a registry nobody has written to: before the catalogue is registered, a producer that only
 * fetches the latest schema (auto.register.schemas=false, use.latest.version=true, Confluent's
 * production setting) finds nothing; after it, it serializes a step with the registered id.
 */
class SchemaCatalogueIT {

    @Test
    void givenAFreshRegistry_whenTheCatalogueIsRegistered_thenALatestVersionProducerFindsEverySubject() {
        try (SchemaRegistryProcess fresh = SchemaRegistryProcess.start()) {
            SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(fresh.confluentUrl()));
            AvroSerializer<TrajectoryStep> latestOnly = new AvroSerializer<>(registry,
                    Map.of("auto.register.schemas", "false", "use.latest.version", "true"), false);
            TrajectoryStep step = TrajectoryStep.newBuilder().setId("s1").setTaskId("t").setTimestamp(Instant.EPOCH).build();
            assertThatThrownBy(() -> latestOnly.serialize("orbiter.steps", step)).hasMessageContaining("orbiter.steps-value");

            Topics topics = Topics.defaults();
            Map<String, Integer> ids = SchemaCatalogue.register(registry, topics.platformTopics());

            assertThat(ids).containsOnlyKeys("orbiter.steps-value", "orbiter.rewards-value", "orbiter.dataset-snapshots-value",
                    "orbiter.training.jobs-value", "orbiter.training.status-value", "orbiter.training.metrics-value");
            assertThat(registry.subjects()).containsAll(ids.keySet());
            byte[] bytes = latestOnly.serialize("orbiter.steps", step);
            assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(ids.get("orbiter.steps-value"));
            assertThat(SchemaCatalogue.register(registry, topics.platformTopics())).as("idempotent").isEqualTo(ids);
            assertThat(SchemaCatalogue.subjects(List.of(topics.dlq("x")))).as("raw bytes have no schema").isEmpty();
        }
    }
}
