package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.verl.RewardSpec;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.evolution.EvolutionStrategy;
import dev.orbiter.train.synthesis.SynthesisPipeline;
import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerListener;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.VeRLTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Single-agent evolution of a LOCAL policy: synthesis runs the job's synthesis section (none: the
 * data is kept), training runs one more LOCAL epoch resumed from the agent's own checkpoint, and
 * evaluation is the policy's accuracy on the held-out groups.
 */
final class LocalPolicyStrategy implements EvolutionStrategy<LocalPolicyStrategy.Agent> {

    /** The evolving policy: where its checkpoints live and the trainer of its last epoch. */
    static final class Agent {
        final Path dir;
        VeRLTrainer last;

        Agent(Path dir) {
            this.dir = dir;
        }
    }

    private final TrainingJob job;
    private final List<RewardSpec> rewards;
    private final VeRLConfig base;
    private final List<TrajectoryItem> heldOut;
    private final JobEvents events;

    LocalPolicyStrategy(AcceptedJob accepted, VeRLConfig base, List<TrajectoryItem> heldOut, JobEvents events) {
        this.job = accepted.spec();
        this.rewards = accepted.rewards();
        this.base = base;
        this.heldOut = heldOut;
        this.events = events;
    }

    @Override
    public List<TrajectoryItem> synthesise(Agent agent, List<TrajectoryItem> data, int epoch) {
        if (job.getConfig().getSynthesis() == null) {
            return List.of();
        }
        return new SynthesisPipeline(SynthesisJob.config(job, Map.of())).run(data).items();
    }

    @Override
    public double train(Agent agent, List<TrajectoryItem> data, int epoch) {
        VeRLConfig config = base.toBuilder().epochs(epoch + 1).outputDir(agent.dir.toString())
                .extra("trainer.resume_mode", "auto").build();
        VeRLTrainer trainer = new VeRLTrainer(config, rewards);
        trainer.addListener(new TrainerListener() {
            @Override
            public void onMetrics(Map<String, Object> metrics) {
                events.metrics("train", Metrics.longOf(metrics, "training/global_step", 0), epoch,
                        Metrics.numeric(metrics));
            }
        });
        trainer.checkDataset(data, null);
        trainer.checkConfig(null);
        trainer.markValidated();
        TrainMetrics m = trainer.train();
        agent.last = trainer;
        return m.loss();
    }

    @Override
    public double evaluate(Agent agent, List<TrajectoryItem> data, int epoch) {
        if (agent.last == null) {
            throw new IllegalStateException("the local-policy strategy evaluates after training; enable the training phase");
        }
        return agent.last.evaluate(heldOut).accuracy();
    }
}
