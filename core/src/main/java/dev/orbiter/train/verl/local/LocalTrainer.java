package dev.orbiter.train.verl.local;

import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.TrainingBackend;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.local.Episodes.Episode;
import dev.orbiter.train.verl.local.Episodes.Group;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The LOCAL backend: PPO or GRPO in plain Java on a {@link LocalPolicy}, so the platform trains
 * something real with nothing installed. One step is one batch of {@code batchSize} episodes
 * (prompts, or a task's prompts in step order); an epoch is one pass over the shuffled episodes.
 *
 * <p>Deterministic for a seed ({@code extra.seed}, default 0): the shuffle depends on (seed,
 * epoch) and the rollouts on (seed, global step), so a run resumed from a checkpoint continues
 * exactly as an uninterrupted one. Checkpoints go to {@code outputDir} every
 * {@code trainer.save_freq} steps (default: every epoch) and at the end; with
 * {@code trainer.resume_mode=auto} (the default, as in VeRL) a run resumes from the latest one.
 * Interrupting the training thread cancels the run between steps.
 */
public final class LocalTrainer implements TrainingBackend {

    /** How many training prompts {@code train/accuracy} is measured on at each evaluation. */
    static final int TRAIN_SAMPLE = 512;

    private LocalPolicy policy;

    /** The trained policy (after {@link #train}). */
    public LocalPolicy policy() {
        if (policy == null) {
            throw new TrainerError("the LOCAL trainer has not trained yet");
        }
        return policy;
    }

    @Override
    public Outcome train(Run run) {
        VeRLConfig config = run.config();
        LocalSettings settings = LocalSettings.of(config);
        Checkpoints.TrainerState state = start(settings);
        List<Group> trainGroups = Episodes.groups(run.trainItems(), run.reward(), policy);
        List<Episode> episodes = Episodes.episodes(trainGroups);
        List<Group> valGroups = run.testItems().isEmpty() ? List.of()
                : Episodes.groups(run.testItems(), run.reward(), policy);
        int stepsPerEpoch = (episodes.size() + config.batchSize() - 1) / config.batchSize();
        int totalSteps = stepsPerEpoch * config.epochs();

        RlStep step = new RlStep(config, settings, policy, state.reference(), state.actor(), state.critic());
        Map<String, Object> last = new LinkedHashMap<>();
        int globalStep = state.globalStep();
        int shuffledEpoch = -1;
        List<Episode> order = episodes;
        while (globalStep < totalSteps) {
            if (Thread.currentThread().isInterrupted()) {
                throw new TrainerError("LOCAL training cancelled at step " + globalStep);
            }
            int epoch = globalStep / stepsPerEpoch;
            int index = globalStep % stepsPerEpoch;
            if (epoch != shuffledEpoch) {
                order = shuffle(episodes, settings.seed(), epoch);
                shuffledEpoch = epoch;
            }
            int from = index * config.batchSize();
            List<Episode> batch = order.subList(from, Math.min(from + config.batchSize(), order.size()));
            long started = System.nanoTime();
            last = step.run(batch, new SplittableRandom(settings.seed() * 1_000_003L + globalStep),
                    settings.schedule().factor(globalStep, totalSteps));
            globalStep++;
            last.put("training/global_step", globalStep);
            last.put("training/epoch", epoch);
            last.put("perf/time_per_step", (System.nanoTime() - started) / 1e9);
            boolean epochEnd = globalStep % stepsPerEpoch == 0;
            if (!valGroups.isEmpty() && (epochEnd || settings.evalEvery() > 0 && globalStep % settings.evalEvery() == 0)) {
                Evaluation val = Evaluation.of(policy, valGroups);
                last.put("val/accuracy", val.accuracy());
                last.put("val/loss", val.loss());
                // the same measure on (up to 512 of) the training prompts, at the same steps: the gap is what
                // memorising looks like; a fixed sample keeps evaluation from costing more than training
                last.put("train/accuracy", Evaluation.of(policy, trainGroups.subList(0, Math.min(TRAIN_SAMPLE,
                        trainGroups.size()))).accuracy());
            }
            run.metricsSink().accept(last);
            boolean due = settings.saveFreq() > 0 ? globalStep % settings.saveFreq() == 0 : epochEnd;
            if (settings.outputDir() != null && (due || globalStep == totalSteps)) {
                save(settings.outputDir(), state, globalStep, globalStep / stepsPerEpoch, last);
            }
        }
        Evaluation train = Evaluation.of(policy, trainGroups);
        Map<String, Object> outcome = new LinkedHashMap<>(last);
        outcome.put("train/accuracy", train.accuracy());
        outcome.put("train/loss", train.loss());
        outcome.put("train/groups", train.groups());
        if (settings.outputDir() != null) {
            outcome.put("checkpoint", Checkpoints.stepDir(settings.outputDir(), globalStep).toString());
        }
        return new Outcome(globalStep, train.loss(), train.accuracy(), outcome);
    }

    @Override
    public TrainMetrics evaluate(List<TrajectoryItem> items, RewardFunction reward) {
        LocalPolicy p = policy();
        Evaluation e = Evaluation.of(p, Episodes.groups(items, reward, p));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("eval_groups", e.groups());
        return new TrainMetrics(e.loss(), e.accuracy(), items.size(), extra);
    }

    /** A fresh policy and state, or the latest checkpoint's when resuming. */
    private Checkpoints.TrainerState start(LocalSettings settings) {
        try {
            Optional<Path> latest = settings.outputDir() == null || !settings.resume()
                    ? Optional.empty() : Checkpoints.latest(settings.outputDir());
            if (latest.isPresent()) {
                policy = Checkpoints.readPolicy(latest.get().resolve(Checkpoints.POLICY));
                String held = describe(policy.model(), policy.hasher().buckets());
                String asked = describe(settings.model(), settings.buckets());
                if (!held.equals(asked)) {
                    throw new TrainerError("checkpoint " + latest.get() + " holds a " + held + "; the job asks for a " + asked);
                }
                return Checkpoints.readState(latest.get());
            }
        } catch (IOException e) {
            throw new TrainerError("cannot resume from " + settings.outputDir() + ": " + e.getMessage(), e);
        }
        policy = settings.model() instanceof NeuralModel n
                ? new LocalPolicy(n.scorer().shape(), settings.seed(), settings.buckets()) : new LocalPolicy(settings.buckets());
        // The reference policy is the initial one: a copy, so the KL term measures drift from the start.
        return new Checkpoints.TrainerState(policy.weights.clone(), new Adam(policy.weights.length),
                new Adam(settings.buckets()), 0, 0);
    }

    private void save(Path dir, Checkpoints.TrainerState state, int globalStep, int epoch, Map<String, Object> metrics) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "orbiter-local-policy/" + (policy.model() instanceof NeuralModel ? Checkpoints.NEURAL_VERSION
                : Checkpoints.VERSION));
        meta.put("model", describe(policy.model(), policy.hasher().buckets()));
        meta.put("global_step", globalStep);
        meta.put("epochs_completed", epoch);
        meta.put("feature_buckets", policy.hasher().buckets());
        meta.put("metrics", metrics);
        try {
            Checkpoints.save(dir, policy, new Checkpoints.TrainerState(state.reference(), state.actor(),
                    state.critic(), globalStep, epoch), meta);
        } catch (IOException e) {
            throw new TrainerError("cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String describe(PolicyModel model, int criticBuckets) {
        String m = model instanceof NeuralModel n ? "neural policy " + n.scorer().shape()
                : "linear policy of " + model.size() + " feature buckets";
        return m + " with a critic of " + criticBuckets + " buckets";
    }

    /** The epoch's episode order; it depends only on (seed, epoch), so a resumed run sees the same batches. */
    private static List<Episode> shuffle(List<Episode> episodes, long seed, int epoch) {
        List<Episode> order = new ArrayList<>(episodes);
        Collections.shuffle(order, new Random(seed * 31 + epoch));
        return order;
    }
}
