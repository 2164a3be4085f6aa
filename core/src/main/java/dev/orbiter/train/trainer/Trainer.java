package dev.orbiter.train.trainer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The training lifecycle every trainer follows: run the four checks (agent, dataset, reward,
 * config), {@link #markValidated()}, then {@link #train()} once, then {@link #evaluate(Object)}
 * as often as wanted. Listeners see every state change and every step's metrics; the trainer
 * service turns them into status and metric events.
 */
public abstract class Trainer {

    private volatile TrainerState state = TrainerState.CREATED;
    private volatile TrainConfig config;
    private final List<TrainerListener> listeners = new CopyOnWriteArrayList<>();

    protected Trainer() {
        this(null);
    }

    /** A trainer with this config (null means {@link TrainConfig#defaults()}). */
    protected Trainer(TrainConfig config) {
        this.config = config == null ? TrainConfig.defaults() : config;
    }

    public TrainerState state() {
        return state;
    }

    public TrainConfig config() {
        return config;
    }

    /** Replaces the config; for {@code checkConfig} implementations. */
    protected void setConfig(TrainConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public abstract void checkAgent(Object agent);

    public abstract void checkDataset(Object trainData, Object testData);

    /** {@link #checkDataset(Object, Object)} without test data. */
    public void checkDataset(Object trainData) {
        checkDataset(trainData, null);
    }

    public abstract void checkReward(Object rewardFn);

    /** {@link #checkReward(Object)} with no custom reward. */
    public void checkReward() {
        checkReward(null);
    }

    /** Validates and optionally updates the config: a {@link TrainConfig}, a {@code Map<String,?>} or null. */
    public abstract void checkConfig(Object config);

    /** CREATED to VALIDATED, once every check passed. */
    public synchronized void markValidated() {
        if (state != TrainerState.CREATED) {
            throw new TrainerError("Cannot validate from state " + state.value());
        }
        transition(TrainerState.VALIDATED);
    }

    /** Guard for {@code train()}: the trainer must be VALIDATED. */
    protected void requireValidated() {
        if (state != TrainerState.VALIDATED) {
            throw new TrainerError("Trainer must be validated before training (state=" + state.value() + ")");
        }
    }

    /** Runs training: VALIDATED to TRAINING to COMPLETED or FAILED. */
    public abstract TrainMetrics train();

    /** Evaluates on test data (null: the data given to {@code checkDataset}); allowed in any state. */
    public abstract TrainMetrics evaluate(Object testData);

    /** {@link #evaluate(Object)} on the stored test data. */
    public TrainMetrics evaluate() {
        return evaluate(null);
    }

    public void addListener(TrainerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(TrainerListener listener) {
        listeners.remove(listener);
    }

    /** Moves to a new state and tells the listeners. */
    protected void transition(TrainerState to) {
        TrainerState from;
        synchronized (this) {
            from = state;
            state = to;
        }
        for (TrainerListener l : listeners) {
            l.onStateChange(from, to);
        }
    }

    /** Tells the listeners of one training step's metrics. */
    protected void publishMetrics(Map<String, Object> metrics) {
        // Keeps the producer's key order (VeRL's metric order) for consoles and dashboards.
        Map<String, Object> copy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        for (TrainerListener l : listeners) {
            l.onMetrics(copy);
        }
    }
}
