package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.avro.EvolutionJobConfig;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.evolution.EpochResult;
import dev.orbiter.train.evolution.EvolutionConfig;
import dev.orbiter.train.evolution.EvolutionPhase;
import dev.orbiter.train.evolution.EvolutionPipeline;
import dev.orbiter.train.evolution.EvolutionResult;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.VeRLConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An {@code evolution} job with a built-in strategy chosen by name:
 * <ul>
 *   <li>{@code local-policy} (single-agent mode): the agent is a LOCAL policy; each epoch runs the
 *       synthesis pipeline (when the job has a synthesis section), one more LOCAL training epoch
 *       (resumed from the agent's checkpoint) and a held-out evaluation;</li>
 *   <li>{@code hyperparameters} (population mode, also chosen by {@code population_size}): the
 *       candidates are trainer hyper-parameters (learning rate, clip range, KL coefficient), each
 *       scored by the held-out accuracy of a fresh LOCAL run; the best survive and are mutated.</li>
 * </ul>
 * Each epoch's result is a metric event (phase {@code epoch}); the final one closes the job.
 */
final class EvolutionJob {

    private EvolutionJob() {
    }

    static void run(AcceptedJob accepted, List<TrajectoryItem> items, JobEvents events, Path workDir) {
        TrainingJob job = accepted.spec();
        EvolutionJobConfig c = job.getConfig().getEvolution() != null ? job.getConfig().getEvolution()
                : EvolutionJobConfig.newBuilder().build();
        long seed = c.getSeed() == null ? System.nanoTime() : c.getSeed();
        Splits.Split split = Splits.byGroup(items, 0.2, seed);
        if (split.test().isEmpty()) {
            throw new IllegalArgumentException("evolution needs at least two groups (prompts) to hold one out");
        }
        EvolutionConfig config = EvolutionConfig.builder().maxEpochs(c.getMaxEpochs()).phases(phases(c))
                .earlyStopThreshold(c.getEarlyStopThreshold()).populationSize(c.getPopulationSize())
                .selectionRatio(c.getSelectionRatio()).mutationRate(c.getMutationRate()).seed(seed).build();
        VeRLConfig base = VerlJob.config(job, workDir.resolve("base"));
        boolean population = c.getPopulationSize() != null || "hyperparameters".equals(c.getStrategy());
        events.status("validated", "strategy " + c.getStrategy() + ", " + split.train().size() + " items, "
                + split.test().size() + " held out");
        events.status("training", null);
        EvolutionResult<?> result;
        if (population) {
            HyperParameterStrategy strategy = new HyperParameterStrategy(base, split.test(), accepted.rewards(),
                    workDir);
            EvolutionPipeline<HyperParameterStrategy.Candidate> p = new EvolutionPipeline<>(strategy, config);
            p.onEpoch(e -> events.metrics("epoch", e.epoch(), e.epoch(), populationMetrics(e)));
            int size = c.getPopulationSize() == null ? 4 : c.getPopulationSize();
            result = p.runPopulation(strategy.initialPopulation(size, new Random(seed)), split.train());
        } else if ("local-policy".equals(c.getStrategy())) {
            LocalPolicyStrategy strategy = new LocalPolicyStrategy(accepted, base, split.test(), events);
            EvolutionPipeline<LocalPolicyStrategy.Agent> p = new EvolutionPipeline<>(strategy, config);
            List<EvolutionPhase> ran = phases(c);
            p.onEpoch(e -> events.metrics("epoch", e.epoch(), e.epoch(), epochMetrics(e, ran)));
            result = p.run(new LocalPolicyStrategy.Agent(workDir.resolve("agent")), split.train());
        } else {
            throw new IllegalArgumentException("unknown evolution strategy '" + c.getStrategy()
                    + "'; built-in: local-policy, hyperparameters");
        }
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("final_accuracy", result.finalAccuracy());
        fin.put("best_score", result.bestScore());
        fin.put("epochs_completed", result.epochsCompleted());
        fin.put("early_stopped", result.earlyStopped());
        result.bestCandidate().ifPresent(b -> fin.putAll(((HyperParameterStrategy.Candidate) b).asMetrics()));
        events.metrics("final", result.epochsCompleted(), result.epochsCompleted(), Metrics.numeric(fin));
    }

    private static List<EvolutionPhase> phases(EvolutionJobConfig c) {
        List<EvolutionPhase> phases = new ArrayList<>();
        for (String p : c.getPhases()) {
            phases.add(EvolutionPhase.fromValue(p));
        }
        return phases;
    }

    /**
     * What an epoch measured: a phase that did not run has no figure (the core's EpochResult holds
     * 0 for it, which is not a measurement), and one agent has no best or mean score of a population.
     */
    static Map<String, Double> epochMetrics(EpochResult e, List<EvolutionPhase> ran) {
        Map<String, Object> m = new LinkedHashMap<>(e.extra());
        if (ran.contains(EvolutionPhase.EVALUATION)) {
            m.put("eval_accuracy", e.evalAccuracy());
        }
        if (ran.contains(EvolutionPhase.TRAINING)) {
            m.put("train_loss", e.trainLoss());
        }
        if (ran.contains(EvolutionPhase.SYNTHESIS)) {
            m.put("synthesis_count", e.synthesisCount());
        }
        return Metrics.numeric(m);
    }

    /** A population epoch: the best candidate's accuracy and the population's scores; nothing was trained or synthesised. */
    static Map<String, Double> populationMetrics(EpochResult e) {
        Map<String, Object> m = new LinkedHashMap<>(e.extra());
        m.put("eval_accuracy", e.evalAccuracy());
        return Metrics.numeric(m);
    }
}
