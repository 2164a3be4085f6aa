package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.verl.RewardSpec;
import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.avro.EvolutionJobConfig;
import dev.orbiter.train.avro.SynthesisJobConfig;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.VeRLJobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a job must satisfy before it is accepted, checked at the edge (REST answers 400 with every
 * problem; a job submitted as an event that fails here ends {@code failed} with them).
 */
public final class JobValidation {

    public static final Set<String> KINDS = Set.of("verl", "evolution", "synthesis");

    private JobValidation() {
    }

    public static List<Problem> problems(TrainingJob job) {
        List<Problem> p = new ArrayList<>();
        check(job, p);
        return p;
    }

    /** Adds every problem of the job to {@code p}; returns its reward specs, resolved (empty when they do not resolve). */
    static List<RewardSpec> check(TrainingJob job, List<Problem> p) {
        List<RewardSpec> rewards = List.of();
        if (job.getJobId() == null || !job.getJobId().matches("[A-Za-z0-9._-]{1,128}")) {
            p.add(new Problem("job_id", "1 to 128 letters, digits, '.', '_' or '-'"));
        }
        if (!KINDS.contains(job.getKind())) {
            p.add(new Problem("kind", "must be one of " + KINDS.stream().sorted().toList()));
        }
        if (job.getDataset() == null || job.getDataset().isBlank()) {
            p.add(new Problem("dataset", "required"));
        }
        try {
            rewards = Rewards.resolve(job.getRewardSpecs());
        } catch (IllegalArgumentException e) {
            p.add(new Problem("reward_specs", e.getMessage()));
        }
        if (job.getConfig().getVerl() != null) {
            verl(job.getConfig().getVerl(), p);
        }
        if (job.getConfig().getEvolution() != null) {
            evolution(job.getConfig().getEvolution(), p);
        }
        if (job.getConfig().getSynthesis() != null) {
            synthesis(job.getConfig().getSynthesis(), p);
        }
        return rewards;
    }

    private static void verl(VeRLJobConfig c, List<Problem> p) {
        oneOf(p, "config.verl.algorithm", c.getAlgorithm(), Set.of("ppo", "grpo"));
        oneOf(p, "config.verl.backend", c.getBackend(), Set.of("local", "verl"));
        atLeast(p, "config.verl.epochs", c.getEpochs(), 1);
        atLeast(p, "config.verl.batch_size", c.getBatchSize(), 1);
        atLeast(p, "config.verl.rollout_batch_size", c.getRolloutBatchSize(), 1);
        atLeast(p, "config.verl.ppo_epochs", c.getPpoEpochs(), 1);
        if (!(c.getLearningRate() > 0)) {
            p.add(new Problem("config.verl.learning_rate", "must be > 0"));
        }
        if (!(c.getTestRatio() >= 0 && c.getTestRatio() < 1)) {
            p.add(new Problem("config.verl.test_ratio", "must be in [0, 1)"));
        }
        if (!(c.getClipRange() > 0) || c.getKlCoeff() < 0) {
            p.add(new Problem("config.verl", "clip_range must be > 0 and kl_coeff >= 0"));
        }
    }

    private static void evolution(EvolutionJobConfig c, List<Problem> p) {
        oneOf(p, "config.evolution.strategy", c.getStrategy(), Set.of("local-policy", "hyperparameters"));
        atLeast(p, "config.evolution.max_epochs", c.getMaxEpochs(), 1);
        if (c.getPopulationSize() != null) {
            atLeast(p, "config.evolution.population_size", c.getPopulationSize(), 2);
        }
        for (String phase : c.getPhases()) {
            oneOf(p, "config.evolution.phases", phase, Set.of("synthesis", "training", "evaluation"));
        }
        if (!(c.getSelectionRatio() > 0 && c.getSelectionRatio() <= 1)) {
            p.add(new Problem("config.evolution.selection_ratio", "must be in (0, 1]"));
        }
    }

    private static void synthesis(SynthesisJobConfig c, List<Problem> p) {
        oneOf(p, "config.synthesis.strategy", c.getStrategy(), Set.of("template", "augment", "llm"));
        atLeast(p, "config.synthesis.num_samples", c.getNumSamples(), 1);
        if (!(c.getTrainRatio() > 0 && c.getTrainRatio() <= 1)) {
            p.add(new Problem("config.synthesis.train_ratio", "must be in (0, 1]"));
        }
    }

    private static void oneOf(List<Problem> p, String field, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            p.add(new Problem(field, "must be one of " + allowed.stream().sorted().toList() + ", got '" + value + "'"));
        }
    }

    private static void atLeast(List<Problem> p, String field, int value, int min) {
        if (value < min) {
            p.add(new Problem(field, "must be >= " + min + ", got " + value));
        }
    }
}
