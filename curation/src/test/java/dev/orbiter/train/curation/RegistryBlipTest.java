package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.testkit.SchemaRegistryProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A registry restart (stopped, then started again on the same port and storage) while a step
 * whose schema id the topology has never fetched is being decoded: the record waits inside the
 * topology (no thread failure, no dead letter) and is curated once the registry answers.
 */
class RegistryBlipTest {

    @Test
    void givenTheRegistryRestarting_whenAStepWithAnUnfetchedSchemaIdArrives_thenItWaitsAndIsCurated() throws Exception {
        Path storage = Files.createTempDirectory("orbiter-blip-registry-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SchemaRegistryProcess registry = SchemaRegistryProcess.start(port, storage);
        AtomicReference<SchemaRegistryProcess> restarted = new AtomicReference<>();
        Thread restart = new Thread(() -> restarted.set(SchemaRegistryProcess.start(port, storage)), "registry-restart");
        try (CurationDriver t = new CurationDriver(Map.of("orbiter.datasets.all.min-score", "0",
                "orbiter.curation.registry-wait", "120s"), registry.confluentUrl())) {
            // Given a step written by a producer with its own registry client: the topology's client has no schema yet
            AvroSerializer<TrajectoryStep> producer = new AvroSerializer<>(
                    new SchemaRegistryClient(RegistryClientConfig.of(registry.confluentUrl())), Map.of(), false);
            TrajectoryStep step = CurationDriver.step("blip-1", "t1", "q", "a", 1.0).build();
            byte[] bytes = producer.serialize(t.settings.topics().steps().name(), step);

            // When the registry goes down and starts again (a new JVM: seconds, so the decode meets it down)
            registry.close();
            restart.start();
            t.steps.pipeInput(step.getTaskId(), bytes); // blocks in the decode until the registry answers
            restart.join();

            // Then the step is curated and nothing was dead-lettered
            assertThat(t.dataset("all").readValuesToList()).extracting(TrajectoryStep::getId).containsExactly("blip-1");
            assertThat(t.dlq.isEmpty()).isTrue();
        } finally {
            registry.close();
            if (restart.isAlive()) {
                restart.join(); // a failed decode must not leave the registry that is still starting behind
            }
            if (restarted.get() != null) {
                restarted.get().close();
            }
        }
    }
}
