package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.VeRLJobConfig;
import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerListener;
import dev.orbiter.train.trainer.TrainerState;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.VeRLAlgorithm;
import dev.orbiter.train.verl.VeRLBackend;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.VeRLTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code verl} job: {@link VeRLTrainer} with the job's config (LOCAL backend unless it asks for
 * VERL) and rewards, trained on the snapshot minus a seeded held-out split of whole groups, then
 * evaluated on that split. Every trainer state change and step's metrics go to the events; the
 * final train and eval metrics too.
 */
final class VerlJob {

    private VerlJob() {
    }

    static VeRLConfig config(TrainingJob job, Path outputDir) {
        return config(job, outputDir, Map.of());
    }

    /** The job's VeRL configuration; {@code defaults} fill extras the job does not set (the service's reward endpoint). */
    static VeRLConfig config(TrainingJob job, Path outputDir, Map<String, String> defaults) {
        VeRLJobConfig c = job.getConfig().getVerl() != null ? job.getConfig().getVerl() : VeRLJobConfig.newBuilder().build();
        Map<String, Object> extra = new LinkedHashMap<>(job.getConfig().getExtra());
        if (c.getSeed() != null) {
            extra.putIfAbsent("seed", c.getSeed());
        }
        extra.putIfAbsent("job_id", job.getJobId());
        defaults.forEach(extra::putIfAbsent);
        return VeRLConfig.builder().algorithm(VeRLAlgorithm.fromValue(c.getAlgorithm()))
                .backend(VeRLBackend.fromValue(c.getBackend())).epochs(c.getEpochs()).batchSize(c.getBatchSize())
                .learningRate(c.getLearningRate()).rolloutBatchSize(c.getRolloutBatchSize()).ppoEpochs(c.getPpoEpochs())
                .klCoeff(c.getKlCoeff()).clipRange(c.getClipRange()).gamma(c.getGamma()).lam(c.getLam())
                .modelName(c.getModelName()).tokenizerName(c.getTokenizerName()).maxPromptLength(c.getMaxPromptLength())
                .maxResponseLength(c.getMaxResponseLength()).outputDir(outputDir.toString()).extra(extra).build();
    }

    static void run(AcceptedJob accepted, List<TrajectoryItem> items, JobEvents events, Path outputDir,
                    Map<String, String> defaults) {
        TrainingJob job = accepted.spec();
        VeRLJobConfig c = job.getConfig().getVerl() != null ? job.getConfig().getVerl() : VeRLJobConfig.newBuilder().build();
        Splits.Split split = Splits.byGroup(items, c.getTestRatio(), c.getSeed() == null ? System.nanoTime() : c.getSeed());
        VeRLTrainer trainer = new VeRLTrainer(config(job, outputDir, defaults), accepted.rewards());
        trainer.addListener(new TrainerListener() {
            @Override
            public void onStateChange(TrainerState from, TrainerState to) {
                // the runner reports the end itself (completed after the final metrics, failed with its reason)
                if (to != TrainerState.FAILED && to != TrainerState.COMPLETED) {
                    events.status(to.value(), to == TrainerState.TRAINING ? "training on " + split.train().size()
                            + " items, " + split.test().size() + " held out" : null);
                }
            }

            @Override
            public void onMetrics(Map<String, Object> metrics) {
                events.metrics("train", Metrics.longOf(metrics, "training/global_step", 0),
                        (int) Metrics.longOf(metrics, "training/epoch", 0), Metrics.numeric(metrics));
            }
        });
        trainer.checkDataset(split.train(), split.test().isEmpty() ? null : split.test());
        trainer.checkConfig(null);
        trainer.markValidated();
        TrainMetrics train = trainer.train();
        events.metrics("final", train.steps(), c.getEpochs(), measured(train, "loss", "accuracy"));
        if (!split.test().isEmpty()) {
            TrainMetrics eval = trainer.evaluate();
            events.metrics("eval", train.steps(), c.getEpochs(), measured(eval, "eval/loss", "eval/accuracy"));
        }
    }

    /** The backend's extras plus the loss and accuracy it measured; one it did not measure is absent, not 0.0. */
    static Map<String, Double> measured(TrainMetrics m, String lossName, String accuracyName) {
        Map<String, Object> out = new LinkedHashMap<>(m.extra());
        m.measuredLoss().ifPresent(v -> out.put(lossName, v));
        m.measuredAccuracy().ifPresent(v -> out.put(accuracyName, v));
        return Metrics.numeric(out);
    }
}
