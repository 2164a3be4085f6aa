package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.avro.JobConfig;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.client.avro.StepCopies;
import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.RewardSpec;
import java.util.List;
import java.util.Map;

/**
 * A job that passed validation, with its reward specs resolved: the one place they are resolved;
 * the runner, the job kinds and the VeRL reward bridge all use these.
 *
 * @param spec    the job as submitted
 * @param rewards its reward specs, resolved (empty when it names none)
 */
public record AcceptedJob(TrainingJob spec, List<RewardSpec> rewards) {

    public AcceptedJob {
        rewards = List.copyOf(rewards);
    }

    /**
     * The job accepted, or null when it has problems (added to {@code problems}): validation, then
     * the reward specs resolved once.
     */
    public static AcceptedJob accept(TrainingJob job, List<Problem> problems) {
        int before = problems.size();
        List<RewardSpec> rewards = JobValidation.check(job, problems);
        return problems.size() > before ? null : new AcceptedJob(seeded(job), rewards);
    }

    /**
     * The job with a seed in its section when it was submitted without one: derived from the job
     * id, so a resumed or re-run job draws the same splits and samples (and the seed is in its
     * status). An explicit seed is kept.
     */
    public static TrainingJob seeded(TrainingJob job) {
        JobConfig c = job.getConfig();
        long seed = seedOf(job.getJobId());
        JobConfig withSeed = c;
        if (c.getVerl() != null && c.getVerl().getSeed() == null) {
            withSeed = StepCopies.with(c, Map.of("verl", StepCopies.with(c.getVerl(), Map.of("seed", seed))));
        } else if (c.getEvolution() != null && c.getEvolution().getSeed() == null) {
            withSeed = StepCopies.with(c, Map.of("evolution", StepCopies.with(c.getEvolution(), Map.of("seed", seed))));
        } else if (c.getSynthesis() != null && c.getSynthesis().getSeed() == null) {
            withSeed = StepCopies.with(c, Map.of("synthesis", StepCopies.with(c.getSynthesis(), Map.of("seed", seed))));
        }
        return withSeed == c ? job : StepCopies.with(job, Map.of("config", withSeed));
    }

    /** A stable 63-bit seed from the job id (the first 8 bytes of its SHA-256). */
    public static long seedOf(String jobId) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(jobId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(h).getLong() & Long.MAX_VALUE;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed the job runs with (every kind has one once accepted). */
    public Long seed() {
        return seedIn(spec);
    }

    /** The seed in a job's section, or null. */
    public static Long seedIn(TrainingJob job) {
        JobConfig c = job.getConfig();
        return c.getVerl() != null ? c.getVerl().getSeed() : c.getEvolution() != null ? c.getEvolution().getSeed()
                : c.getSynthesis() != null ? c.getSynthesis().getSeed() : null;
    }

    /** The specs combined into one function, or null without specs (the items' own scores are used). */
    public RewardFunction reward() {
        return rewards.isEmpty() ? null : RewardSpec.combine(rewards);
    }

    public String id() {
        return spec.getJobId();
    }
}
