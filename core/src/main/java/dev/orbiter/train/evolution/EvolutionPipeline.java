package dev.orbiter.train.evolution;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Multi-epoch improvement of an agent: each epoch synthesises data, trains and evaluates, with
 * early stopping; or, in the guide's population mode, evaluates every candidate in parallel,
 * keeps the best and refills the population with mutated survivors. The trainer service runs it
 * for evolution jobs and streams each {@link EpochResult} through {@link #onEpoch(Consumer)}.
 *
 * @param <A> the agent (candidate) type
 */
public class EvolutionPipeline<A> {

    private final EvolutionStrategy<A> strategy;
    private final EvolutionConfig config;
    private final List<Consumer<EpochResult>> epochListeners = new CopyOnWriteArrayList<>();
    private volatile EvolutionState state = EvolutionState.IDLE;

    public EvolutionPipeline(EvolutionStrategy<A> strategy) {
        this(strategy, null);
    }

    public EvolutionPipeline(EvolutionStrategy<A> strategy, EvolutionConfig config) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.config = config == null ? EvolutionConfig.defaults() : config;
    }

    public EvolutionConfig config() {
        return config;
    }

    public EvolutionStrategy<A> strategy() {
        return strategy;
    }

    public EvolutionState state() {
        return state;
    }

    /** Back to IDLE from any state. */
    public void reset() {
        state = EvolutionState.IDLE;
    }

    /** Called after every epoch with its result. */
    public EvolutionPipeline<A> onEpoch(Consumer<EpochResult> listener) {
        epochListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Single-agent mode: SYNTHESIS, TRAINING, EVALUATION per epoch, early stop on accuracy. */
    public EvolutionResult<A> run(A agent, List<TrajectoryItem> data) {
        start();
        List<EpochResult> epochs = new ArrayList<>();
        List<TrajectoryItem> working = data == null ? List.of() : List.copyOf(data);
        boolean earlyStopped = false;
        int epoch = 0;
        try {
            for (; epoch < config.maxEpochs(); epoch++) {
                int synthesised = 0;
                if (config.phases().contains(EvolutionPhase.SYNTHESIS)) {
                    List<TrajectoryItem> out = strategy.synthesise(agent, working, epoch);
                    if (out != null && !out.isEmpty()) {
                        working = List.copyOf(out);
                        synthesised = out.size();
                    }
                }
                double loss = config.phases().contains(EvolutionPhase.TRAINING)
                        ? strategy.train(agent, working, epoch) : 0.0;
                double accuracy = config.phases().contains(EvolutionPhase.EVALUATION)
                        ? strategy.evaluate(agent, working, epoch) : 0.0;
                EpochResult result = new EpochResult(epoch, synthesised, loss, accuracy);
                epochs.add(result);
                publish(result);
                if (config.earlyStopThreshold() != null && accuracy >= config.earlyStopThreshold()) {
                    earlyStopped = true;
                    break;
                }
            }
        } catch (RuntimeException e) {
            throw fail(epoch, e);
        }
        state = EvolutionState.COMPLETED;
        double finalAccuracy = epochs.isEmpty() ? 0.0 : epochs.get(epochs.size() - 1).evalAccuracy();
        return new EvolutionResult<>(epochs, finalAccuracy, earlyStopped);
    }

    /**
     * Population mode: per epoch, evaluates every candidate (in parallel, at most one thread per
     * core), keeps the top {@code selectionRatio}, refills to {@code populationSize} with
     * survivors mutated with probability {@code mutationRate} (else copied); early stop on the best score.
     */
    public EvolutionResult<A> runPopulation(List<A> population, List<TrajectoryItem> data) {
        if (population == null || population.isEmpty()) {
            throw new IllegalArgumentException("population must not be empty");
        }
        start();
        int targetSize = config.populationSize() != null ? config.populationSize() : population.size();
        Random rng = config.seed() == null ? new Random() : new Random(config.seed());
        List<TrajectoryItem> working = data == null ? List.of() : List.copyOf(data);
        List<A> current = new ArrayList<>(population);
        List<EpochResult> epochs = new ArrayList<>();
        A best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        boolean earlyStopped = false;
        int epoch = 0;
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), current.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "evolution-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            for (; epoch < config.maxEpochs(); epoch++) {
                double[] scores = evaluateAll(pool, current, working, epoch);
                int bestIndex = 0;
                double sum = 0;
                for (int i = 0; i < scores.length; i++) {
                    sum += scores[i];
                    if (scores[i] > scores[bestIndex]) {
                        bestIndex = i;
                    }
                }
                if (scores[bestIndex] > bestScore) {
                    bestScore = scores[bestIndex];
                    best = current.get(bestIndex);
                }
                EpochResult result = new EpochResult(epoch, 0, 0.0, scores[bestIndex], Map.of(
                        "best_score", scores[bestIndex], "mean_score", sum / scores.length,
                        "population_size", current.size()));
                epochs.add(result);
                publish(result);
                if (config.earlyStopThreshold() != null && scores[bestIndex] >= config.earlyStopThreshold()) {
                    earlyStopped = true;
                    break;
                }
                if (epoch + 1 < config.maxEpochs()) {
                    current = nextGeneration(current, scores, targetSize, rng);
                }
            }
        } catch (RuntimeException e) {
            throw fail(epoch, e);
        } finally {
            pool.shutdownNow();
        }
        state = EvolutionState.COMPLETED;
        return new EvolutionResult<>(epochs, epochs.get(epochs.size() - 1).evalAccuracy(), earlyStopped, best);
    }

    private double[] evaluateAll(ExecutorService pool, List<A> candidates, List<TrajectoryItem> data, int epoch) {
        List<Future<Double>> futures = new ArrayList<>(candidates.size());
        for (A candidate : candidates) {
            futures.add(pool.submit(() -> strategy.evaluate(candidate, data, epoch)));
        }
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            try {
                scores[i] = futures.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while evaluating the population", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException ? (RuntimeException) cause
                        : new IllegalStateException(String.valueOf(cause.getMessage()), cause);
            }
        }
        return scores;
    }

    private List<A> nextGeneration(List<A> current, double[] scores, int targetSize, Random rng) {
        List<A> survivors = strategy.select(current, scores, config.selectionRatio());
        if (survivors.isEmpty()) {
            throw new IllegalStateException("select returned no survivors");
        }
        List<A> next = new ArrayList<>(targetSize);
        next.addAll(survivors.subList(0, Math.min(survivors.size(), targetSize)));
        for (int i = 0; next.size() < targetSize; i++) {
            A parent = survivors.get(i % survivors.size());
            next.add(rng.nextDouble() < config.mutationRate() ? strategy.mutate(parent, rng) : parent);
        }
        return next;
    }

    private synchronized void start() {
        if (state != EvolutionState.IDLE) {
            throw new EvolutionError("Pipeline must be idle to run (state=" + state.value() + ")");
        }
        state = EvolutionState.RUNNING;
    }

    private EvolutionError fail(int epoch, RuntimeException e) {
        state = EvolutionState.FAILED;
        return new EvolutionError("Evolution failed at epoch " + epoch + ": " + e.getMessage(), e);
    }

    private void publish(EpochResult result) {
        for (Consumer<EpochResult> l : epochListeners) {
            l.accept(result);
        }
    }

    @Override
    public String toString() {
        return "EvolutionPipeline(maxEpochs=" + config.maxEpochs() + ", state=" + state.value() + ")";
    }
}
