package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.RewardSpec;
import java.util.List;

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
        return problems.size() > before ? null : new AcceptedJob(job, rewards);
    }

    /** The specs combined into one function, or null without specs (the items' own scores are used). */
    public RewardFunction reward() {
        return rewards.isEmpty() ? null : RewardSpec.combine(rewards);
    }

    public String id() {
        return spec.getJobId();
    }
}
