package dev.orbiter.train.verl;

import dev.orbiter.train.trainer.TrainConfig;
import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trainer.Trainer;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trainer.TrainerState;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;

/**
 * The reinforcement-learning trainer (PPO or GRPO): checks its inputs like the reference
 * package, renders VeRL's parameters and hydra overrides, and trains through a
 * {@link TrainingBackend}: the built-in LOCAL trainer or the external VeRL process. Training
 * metrics stream to listeners under VeRL's names; the trainer service publishes them.
 */
public class VeRLTrainer extends Trainer {

    static final String VERL_MISSING = "VeRL is required for VeRLTrainer: install verl for python3, "
            + "or use VeRLBackend.LOCAL";

    private final List<RewardSpec> rewards = new ArrayList<>();
    private RewardSpec customReward;
    private List<TrajectoryItem> trainItems = List.of();
    private Object testData;
    private BooleanSupplier verlAvailable = new VerlAvailability();
    private TrainingBackend backend;

    public VeRLTrainer() {
        this(new VeRLConfig());
    }

    public VeRLTrainer(VeRLConfig config) {
        this(config, List.of());
    }

    /** The guide's form: a config and weighted reward specs. */
    public VeRLTrainer(VeRLConfig config, List<RewardSpec> rewards) {
        super(config == null ? new VeRLConfig() : config);
        if (rewards != null) {
            this.rewards.addAll(rewards);
        }
    }

    public VeRLConfig verlConfig() {
        return (VeRLConfig) config();
    }

    /** Replaces the VeRL availability check (tests pretend VeRL is present). */
    public VeRLTrainer withVerlAvailabilityCheck(BooleanSupplier check) {
        this.verlAvailable = check;
        return this;
    }

    /** Uses this backend instead of the one the config's backend names. */
    public VeRLTrainer withBackend(TrainingBackend backend) {
        this.backend = backend;
        return this;
    }

    /** The reward specs in force: the constructor's, plus the one given to {@code checkReward}. */
    public List<RewardSpec> rewardSpecs() {
        List<RewardSpec> all = new ArrayList<>(rewards);
        if (customReward != null) {
            all.add(customReward);
        }
        return all;
    }

    /** The training items accepted by {@code checkDataset}. */
    public List<TrajectoryItem> trainItems() {
        return trainItems;
    }

    @Override
    public void checkAgent(Object agent) {
        if (agent == null) {
            throw new TrainerError("VeRL training requires a non-None agent");
        }
    }

    @Override
    public void checkDataset(Object trainData, Object testData) {
        this.trainItems = toItems(trainData, "train_data");
        this.testData = testData;
    }

    /** Checks and converts data: a non-empty list or array of items or maps with an {@code input}. */
    static List<TrajectoryItem> toItems(Object data, String name) {
        if (data instanceof TrajectoryDataset) {
            data = ((TrajectoryDataset) data).items();
        }
        List<Object> elements;
        if (data instanceof List) {
            elements = new ArrayList<>((List<?>) data);
        } else if (data != null && data.getClass().isArray()) {
            elements = new ArrayList<>();
            for (int i = 0; i < Array.getLength(data); i++) {
                elements.add(Array.get(data, i));
            }
        } else if (data == null) {
            elements = List.of();
        } else {
            throw new TrainerError(name + " must be list or tuple, got " + data.getClass().getSimpleName());
        }
        if (elements.isEmpty()) {
            throw new TrainerError(name + " must be a non-empty sequence");
        }
        List<TrajectoryItem> items = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Object e = elements.get(i);
            if (e instanceof TrajectoryItem) {
                items.add((TrajectoryItem) e);
            } else if (e instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> m = (Map<String, ?>) e;
                if (!m.containsKey("input")) {
                    throw new TrainerError(name + "[" + i + "] missing required 'input' key");
                }
                items.add(TrajectoryItem.fromMap(m));
            } else {
                throw new TrainerError(name + "[" + i + "] must be a dict, got "
                        + (e == null ? "null" : e.getClass().getSimpleName()));
            }
        }
        return List.copyOf(items);
    }

    @Override
    public void checkReward(Object rewardFn) {
        if (rewardFn == null) {
            customReward = null;
        } else if (rewardFn instanceof RewardSpec) {
            RewardSpec spec = (RewardSpec) rewardFn;
            spec.resolve();
            customReward = spec;
        } else if (rewardFn instanceof RewardFunction) {
            customReward = RewardSpec.of((RewardFunction) rewardFn);
        } else {
            throw new TrainerError("reward_fn must be callable or RewardSpec, got " + rewardFn.getClass().getSimpleName());
        }
    }

    @Override
    public void checkConfig(Object config) {
        VeRLConfig next;
        if (config == null) {
            next = verlConfig();
        } else if (config instanceof VeRLConfig) {
            next = (VeRLConfig) config;
        } else if (config instanceof TrainConfig) {
            TrainConfig c = (TrainConfig) config;
            next = verlConfig().toBuilder().epochs(c.epochs()).batchSize(c.batchSize()).learningRate(c.learningRate())
                    .outputDir(c.outputDir()).build();
        } else if (config instanceof Map) {
            Map<String, Object> extra = new LinkedHashMap<>(verlConfig().extra());
            ((Map<?, ?>) config).forEach((k, v) -> extra.put(String.valueOf(k), v));
            next = verlConfig().toBuilder().extra(extra).build();
        } else {
            throw new TrainerError("config must be TrainConfig, dict or None, got " + config.getClass().getSimpleName());
        }
        if (next.epochs() < 1) {
            throw new TrainerError("epochs must be >= 1, got " + next.epochs());
        }
        if (next.batchSize() < 1) {
            throw new TrainerError("batch_size must be >= 1, got " + next.batchSize());
        }
        if (!(next.learningRate() > 0) || !Double.isFinite(next.learningRate())) {
            throw new TrainerError("learning_rate must be a positive number, got " + next.learningRate());
        }
        setConfig(next);
    }

    /** The guide's one call: checks the dataset, validates and trains. */
    public TrainMetrics train(TrajectoryDataset dataset) {
        checkDataset(dataset);
        checkConfig(null);
        if (state() == TrainerState.CREATED) {
            markValidated();
        }
        return train();
    }

    @Override
    public TrainMetrics train() {
        requireValidated();
        transition(TrainerState.TRAINING);
        TrainingBackend.Outcome outcome;
        try {
            TrainingBackend b = backend();
            RewardFunction reward = rewardSpecs().isEmpty() ? null : RewardSpec.combine(rewardSpecs());
            outcome = b.train(new TrainingBackend.Run(verlConfig(), trainItems, testItems(), reward,
                    verlParameters(), hydraOverrides(), this::publishMetrics));
        } catch (RuntimeException e) {
            transition(TrainerState.FAILED);
            throw new TrainerError("VeRL training failed: " + e.getMessage(), e);
        }
        Map<String, Object> extra = new LinkedHashMap<>(outcome.lastMetrics());
        extra.put("algorithm", verlConfig().algorithm().value());
        extra.put("backend", verlConfig().backend().value());
        extra.put("train_items", trainItems.size());
        extra.put("verl_params", verlParameters());
        transition(TrainerState.COMPLETED);
        return TrainMetrics.partial(outcome.loss(), outcome.accuracy(), outcome.steps(), extra);
    }

    private TrainingBackend backend() {
        if (backend != null) {
            return backend;
        }
        VeRLBackend wanted = verlConfig().backend();
        if (wanted == VeRLBackend.VERL && !verlAvailable.getAsBoolean()) {
            throw new TrainerError(VERL_MISSING);
        }
        for (TrainingBackendProvider p : ServiceLoader.load(TrainingBackendProvider.class)) {
            if (p.backend() == wanted) {
                backend = p.create();
                return backend;
            }
        }
        throw new TrainerError("no TrainingBackend for backend '" + wanted.value() + "' is on the classpath");
    }

    private List<TrajectoryItem> testItems() {
        if (testData == null) {
            return List.of();
        }
        return toItems(testData, "test_data");
    }

    @Override
    public TrainMetrics evaluate(Object testData) {
        List<TrajectoryItem> items = testData != null ? toItems(testData, "test_data") : testItems();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("eval_items", items.size());
        if (backend != null && !items.isEmpty() && state() == TrainerState.COMPLETED) {
            RewardFunction reward = rewardSpecs().isEmpty() ? null : RewardSpec.combine(rewardSpecs());
            TrainMetrics m = backend.evaluate(items, reward);
            extra.putAll(m.extra());
            extra.put("eval_items", items.size());
            return TrainMetrics.partial(m.measuredLoss().isPresent() ? m.loss() : null,
                    m.measuredAccuracy().isPresent() ? m.accuracy() : null, items.size(), extra);
        }
        return TrainMetrics.partial(null, null, items.size(), extra); // nothing trained or nothing to evaluate
    }

    /** VeRL's parameters as the reference package reports them. */
    public Map<String, Object> verlParameters() {
        VeRLConfig c = verlConfig();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("algorithm", c.algorithm().value());
        p.put("epochs", c.epochs());
        p.put("batch_size", c.batchSize());
        p.put("learning_rate", c.learningRate());
        p.put("rollout_batch_size", c.rolloutBatchSize());
        p.put("ppo_epochs", c.ppoEpochs());
        p.put("kl_coeff", c.klCoeff());
        p.put("clip_range", c.clipRange());
        p.put("gamma", c.gamma());
        p.put("lam", c.lam());
        p.put("max_prompt_length", c.maxPromptLength());
        p.put("max_response_length", c.maxResponseLength());
        putIfNotEmpty(p, "model_name", c.modelName());
        putIfNotEmpty(p, "tokenizer_name", c.tokenizerName());
        putIfNotEmpty(p, "output_dir", c.outputDir());
        if (customReward != null) {
            if (customReward.fn() != null) {
                p.put("reward_fn", customReward.name());
            } else {
                p.put("reward_class", customReward.className());
                p.put("reward_method", customReward.methodName());
            }
        }
        if (!c.extra().isEmpty()) {
            p.put("extra", c.extra());
        }
        return p;
    }

    /** The settings as hydra overrides for {@code python3 -m verl.trainer.main_ppo}. */
    public List<String> hydraOverrides() {
        return HydraOverrides.of(verlConfig());
    }

    private static void putIfNotEmpty(Map<String, Object> p, String key, String value) {
        if (value != null && !value.isEmpty()) {
            p.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "VeRLTrainer(algorithm=" + verlConfig().algorithm().value() + ", epochs=" + verlConfig().epochs()
                + ", backend=" + verlConfig().backend().value() + ", state=" + state().value() + ")";
    }
}
