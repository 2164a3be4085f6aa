package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.testkit.AckedWrites;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.Episodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On the real broker: 20 multi-turn tasks, their turns interleaved over the steps topic's
 * partitions, become 20 episodes; a late reward for a turn of one written episode re-scores it,
 * and the compacted dataset's latest version of that episode carries the new score.
 */
@ExtendWith(OrbiterStackExtension.class)
class EpisodeIT {

    @Test
    void givenInterleavedMultiTurnTasks_whenEachEnds_thenOneEpisodeEach_andALateRewardRescoresOne(OrbiterTestStack stack)
            throws Exception {
        String run = "episodes-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = new HashMap<>(IsolatedRun.config(stack.bootstrapServers(), stack.schemaRegistryUrl(), run));
        config.put("orbiter.datasets.agentic.unit", "episode");
        config.put("orbiter.datasets.agentic.episode.reward", "sum");
        config.put("orbiter.curation.wait-for-reward", "none");
        CurationSerdes serdes = CurationSerdes.of(new dev.orbiter.train.client.registry.SchemaRegistryClient(
                dev.orbiter.train.client.registry.RegistryClientConfig.of(stack.schemaRegistryUrl())), Map.of());
        DatasetReader dataset = new DatasetReader(stack, run + ".dataset.agentic");
        try (CurationRunner runner = CurationRunner.start(config);
             KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int turn = 0; turn < 4; turn++) {
                for (int task = 0; task < 20; task++) {
                    TrajectoryStep s = CurationDriver.step("task" + task + "-turn" + turn, "task-" + task, "observation " + turn,
                            "action " + turn, 0.25).setStep(turn).setStatus(turn == 3 ? "done" : "success")
                            .setTimestamp(Instant.now()).build();
                    records.add(new ProducerRecord<>(run + ".steps", s.getTaskId(),
                            serdes.steps().serializer().serialize(run + ".steps", s)));
                }
            }
            AckedWrites.sendAll(p, records);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(latest(dataset)).as("episodes written").hasSize(20));
            assertThat(latest(dataset).values()).allSatisfy(e -> {
                assertThat(e.getScore()).isEqualTo(1.0);
                assertThat(e.getMessages()).hasSize(8);
            });

            RewardEvent late = CurationDriver.reward("late", "task7-turn2", "task-7", 2.25);
            AckedWrites.sendAll(p, List.of(new ProducerRecord<>(run + ".rewards", "task-7",
                    serdes.rewards().serializer().serialize(run + ".rewards", late))));

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(latest(dataset).get(Episodes.id("task-7", "agent")).getScore()).as("task-7 re-scored")
                            .isEqualTo(3.0));
            assertThat(latest(dataset)).hasSize(20);
            assertThat(runner.failures().replaced()).isZero();
        }
    }

    /** The latest version of each episode, as compaction will keep it. */
    private static Map<String, TrajectoryStep> latest(DatasetReader dataset) {
        Map<String, TrajectoryStep> out = new HashMap<>();
        List<ConsumerRecord<String, TrajectoryStep>> all = dataset.readAll();
        all.forEach(r -> out.put(r.value().getId(), r.value()));
        return out;
    }
}
