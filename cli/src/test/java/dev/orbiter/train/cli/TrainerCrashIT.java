package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        Path work = Path.of("target", "trainer-crash").toAbsolutePath();
        Wipe.directory(work);
        String snapshot = Trainers.dataset(s, "crash", 1500);
        int port = Trainers.freePort();
        Http http = new Http(null);
        String url = "http://127.0.0.1:" + port;

        ChildProcess trainer = trainer(work, s, port, 1);
        String grpo = http.post(url + "/v1/jobs", Map.of("kind", "verl", "dataset", "crash", "snapshot_id", snapshot,
                "config", Map.of("verl", Map.of("algorithm", "grpo", "epochs", 60, "batch_size", 32, "learning_rate", 0.05,
                        "rollout_batch_size", 8, "ppo_epochs", 2, "seed", 7), "extra", Map.of("trainer.save_freq", "25"))))
                .path("job_id").asText();
        String evo = http.post(url + "/v1/jobs", Map.of("kind", "evolution", "dataset", "crash", "snapshot_id", snapshot,
                "config", Map.of("verl", Map.of("algorithm", "grpo", "epochs", 1, "batch_size", 32, "learning_rate", 0.05,
                        "rollout_batch_size", 8, "ppo_epochs", 2, "seed", 7), "evolution", Map.of("strategy", "hyperparameters",
                        "population_size", 4, "max_epochs", 50, "seed", 1)))).path("job_id").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> Trainers.trainMetrics(s, grpo).size() > 120
                && "training".equals(http.get(url + "/v1/jobs/" + evo).path("state").asText()));

        trainer.kill();
        trainer = trainer(work, s, port, 2);
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> List.of("completed", "failed").contains(http.get(url + "/v1/jobs/" + grpo).path("state").asText()));
            JsonNode job = http.get(url + "/v1/jobs/" + grpo);
            assertThat(job.path("state").asText()).isEqualTo("completed");
            List<String> messages = new ArrayList<>();
            job.path("statuses").forEach(st -> messages.add(st.path("message").asText("")));
            assertThat(messages).anySatisfy(m -> assertThat(m).contains("resuming from checkpoint step"));
            List<Long> steps = Trainers.trainMetrics(s, grpo);
            assertThat(steps).as("one metric event per training step").doesNotHaveDuplicates();
            assertThat(new HashSet<>(steps)).hasSize(steps.size());
            JsonNode evolution = http.get(url + "/v1/jobs/" + evo);
            assertThat(evolution.path("state").asText()).isEqualTo("failed");
            assertThat(evolution.path("message").asText()).contains("restarted while the job was training");
        } finally {
            trainer.close();
        }
    }

    private static ChildProcess trainer(Path work, OrbiterTestStack s, int port, int start) {
        // the same instance id across the restart, as a StatefulSet's pod: it recovers its own jobs
        return Trainers.start(s, port, "crash-trainer", work.resolve("work"), work.resolve("trainer-" + start + ".log"), 2);
    }
}
