package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two trainer instances on one broker, sharing a work directory (a ReadWriteMany volume): the jobs
 * spread over both by partition; the instance running jobs is SIGKILLed mid-run and started again.
 * Every job completes having run once at a time: one {@code created}, each training step's metrics
 * published once; the killed instance's jobs resume on the survivor from their checkpoints; both
 * instances answer for every job, and a job is cancelled through the instance that does not run it.
 */
@ExtendWith(OrbiterStackExtension.class)
class TrainerScaleOutIT {

    private static final int JOBS_PARTITIONS = 3;

    @Test
    void givenTwoInstances_whenOneIsKilledMidRun_thenEveryJobCompletesHavingRunOnceAtATime(OrbiterTestStack s) throws Exception {
        Path dir = Path.of("target", "trainer-scale-out").toAbsolutePath();
        Wipe.directory(dir);
        String snapshot = Trainers.dataset(s, "scale", 600);
        Map<String, Integer> ports = Map.of("trainer-a", Trainers.freePort(), "trainer-b", Trainers.freePort());
        Map<String, ChildProcess> trainers = new java.util.HashMap<>();
        Http http = new Http(null);
        try {
            for (String name : ports.keySet()) {
                trainers.put(name, start(s, name, ports.get(name), dir, 1));
            }
            // one job per partition and one more: each instance owns a partition, so each takes a job
            List<String> jobs = jobIds();
            for (int i = 0; i < jobs.size(); i++) {
                http.post(url(ports, i % 2 == 0 ? "trainer-a" : "trainer-b") + "/v1/jobs", job(jobs.get(i), snapshot));
            }

            // When the instance with the most jobs training is killed once each of them has checkpoints
            String[] victim = new String[1];
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                victim[0] = busiest(http, url(ports, "trainer-a"), jobs);
                return victim[0] != null && jobs.stream().filter(j -> victim[0].equals(instance(http, url(ports, "trainer-a"), j)))
                        .allMatch(j -> Trainers.trainMetrics(s, j).size() >= 30);
            });
            List<String> onVictim = jobs.stream().filter(j -> victim[0].equals(instance(http, url(ports, "trainer-a"), j))).toList();
            String survivor = victim[0].equals("trainer-a") ? "trainer-b" : "trainer-a";
            trainers.remove(victim[0]).kill();

            // Then every job completes; the killed instance's resume on the survivor
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> jobs.stream().allMatch(j -> List.of("completed", "failed").contains(state(http, url(ports, survivor), j))));
            trainers.put(victim[0], start(s, victim[0], ports.get(victim[0]), dir, 2));
            List<String> victims = new ArrayList<>();
            for (String j : jobs) {
                JsonNode job = http.get(url(ports, survivor) + "/v1/jobs/" + j);
                assertThat(job.path("state").asText()).as("job %s: %s", j, job).isEqualTo("completed");
                List<String> states = new ArrayList<>();
                List<String> messages = new ArrayList<>();
                String completedBy = "";
                for (JsonNode st : job.path("statuses")) {
                    states.add(st.path("state").asText());
                    messages.add(st.path("message").asText(""));
                    completedBy = "completed".equals(st.path("state").asText()) ? st.path("instance").asText() : completedBy;
                }
                assertThat(states.stream().filter("created"::equals)).as("job %s created once", j).hasSize(1);
                List<Long> steps = Trainers.trainMetrics(s, j);
                assertThat(new HashSet<>(steps)).as("job %s: each step's metrics once", j).hasSize(steps.size());
                assertThat(steps.stream().mapToLong(Long::longValue).max().orElse(0)).as("job %s: no step missing", j)
                        .isEqualTo(steps.size());
                // a job of the killed instance that it did not complete before the kill resumed on the survivor
                if (onVictim.contains(j) && !completedBy.equals(victim[0])) {
                    victims.add(j);
                    assertThat(completedBy).as("job %s completed by", j).isEqualTo(survivor);
                    assertThat(messages).anySatisfy(m -> assertThat(m).contains("instance " + victim[0] + " stopped")
                            .contains("resuming from checkpoint step").contains("on instance " + survivor));
                }
                // And the restarted instance answers for every job as the survivor does
                assertThat(state(http, url(ports, victim[0]), j)).isEqualTo("completed");
            }
            assertThat(victims).as("the killed instance was running jobs it had not completed").isNotEmpty();

            // And a job is cancelled through the instance that does not run it
            String longJob = jobs.get(0) + "-cancel";
            http.post(url(ports, survivor) + "/v1/jobs", job(longJob, snapshot));
            await().atMost(Duration.ofMinutes(2)).until(() -> "training".equals(state(http, url(ports, survivor), longJob)));
            String other = instance(http, url(ports, survivor), longJob).equals("trainer-a") ? "trainer-b" : "trainer-a";
            assertThat(http.post(url(ports, other) + "/v1/jobs/" + longJob + "/cancel", Map.of()).path("cancelling").asBoolean())
                    .isTrue();
            await().atMost(Duration.ofMinutes(1)).until(() -> "failed".equals(state(http, url(ports, other), longJob)));
            assertThat(http.get(url(ports, other) + "/v1/jobs/" + longJob).path("message").asText()).startsWith("cancelled");
        } finally {
            trainers.values().forEach(ChildProcess::close);
        }
    }

    private static ChildProcess start(OrbiterTestStack s, String name, int port, Path dir, int run) {
        // 3 workers: an instance owning two partitions takes all its jobs at once (none waits in Kafka)
        return Trainers.start(s, port, name, dir.resolve("work"), dir.resolve(name + "-" + run + ".log"), 3);
    }

    /** The instance that has the most jobs training (the other may have none yet), once every job was taken. */
    private static String busiest(Http http, String url, List<String> jobs) {
        Map<String, Integer> training = new java.util.HashMap<>();
        for (String j : jobs) {
            JsonNode job = http.get(url + "/v1/jobs/" + j);
            if ("submitted".equals(job.path("state").asText())) {
                return null;
            }
            if ("training".equals(job.path("state").asText())) {
                training.merge(job.path("instance").asText(), 1, Integer::sum);
            }
        }
        return training.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static String instance(Http http, String url, String job) {
        return http.get(url + "/v1/jobs/" + job).path("instance").asText();
    }

    private static String state(Http http, String url, String job) {
        return http.get(url + "/v1/jobs/" + job).path("state").asText();
    }

    private static String url(Map<String, Integer> ports, String name) {
        return "http://127.0.0.1:" + ports.get(name);
    }

    /** Four job ids: one in each partition of the jobs topic (as the Java producer places them), and one more. */
    private static List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        boolean[] covered = new boolean[JOBS_PARTITIONS];
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int n = 0; ids.size() < JOBS_PARTITIONS; n++) {
            String id = "scale-" + run + "-" + n;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % JOBS_PARTITIONS;
            if (!covered[p]) {
                covered[p] = true;
                ids.add(id);
            }
        }
        ids.add("scale-" + run + "-extra");
        return ids;
    }

    private static Map<String, Object> job(String id, String snapshot) {
        return Map.of("job_id", id, "kind", "verl", "dataset", "scale", "snapshot_id", snapshot, "config", Map.of("verl",
                Map.of("algorithm", "grpo", "epochs", 40, "batch_size", 32, "learning_rate", 0.05, "rollout_batch_size", 8,
                        "ppo_epochs", 2, "seed", 7), "extra", Map.of("trainer.save_freq", "10")));
    }
}
