package dev.orbiter.train.trainerservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The trainer service's settings ({@code orbiter.trainer.*}; env {@code ORBITER_TRAINER_*}). */
@ConfigMapping(prefix = "orbiter.trainer")
public interface TrainerConfig {

    /** Jobs that run at once; more wait in Kafka (the consumer pauses), not in memory. */
    @WithDefault("2")
    int workers();

    /** Where jobs keep checkpoints ({@code <work-dir>/<job id>}); keep it on a volume to resume after a restart. */
    @WithDefault("${java.io.tmpdir}/orbiter-trainer")
    String workDir();

    /** Longest wait for reading a snapshot or taking one. */
    @WithDefault("120s")
    Duration snapshotTimeout();

    /** Longest wait at start for the status and metrics topics to be read (recovery needs them). */
    @WithDefault("60s")
    Duration startupReadTimeout();

    /** Metric events kept in memory per job for the dashboard and {@code GET /v1/jobs/{id}/metrics}. */
    @WithDefault("20000")
    int metricsPerJob();

    /** The URL the VeRL reward bridge calls back ({@code .../v1/rewards/score}), as VeRL's workers see this service. */
    Optional<String> rewardEndpoint();

    /**
     * This instance's name in job statuses and in the trainers' consumer group; default: the
     * {@code HOSTNAME} (a pod's name), else a random one. Jobs are recovered by another instance
     * only when the one named in their last status has left the group.
     */
    Optional<String> instanceId();

    /** How long a trainer that stopped answering (a crash) keeps its jobs before another instance takes them over. */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** The Retry-After of a 503. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** The OpenAI-compatible endpoint of {@code llm} synthesis jobs. */
    Llm llm();

    Auth auth();

    interface Llm {
        Optional<String> baseUrl();

        Optional<String> model();

        /** From a secret, never a file. */
        Optional<String> apiKey();
    }

    interface Auth {
        @WithDefault("true")
        boolean enabled();

        /** {@code <tenant>:<sha256 hex of the key>}, comma-separated. */
        Optional<List<String>> keys();
    }
}
