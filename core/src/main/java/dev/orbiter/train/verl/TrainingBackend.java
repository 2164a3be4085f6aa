package dev.orbiter.train.verl;

import dev.orbiter.train.trainer.TrainMetrics;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What actually trains behind a {@link VeRLTrainer}: the built-in LOCAL trainer or the VeRL
 * process launcher. Implementations are found with {@link java.util.ServiceLoader} through
 * {@link TrainingBackendProvider}, or injected with {@link VeRLTrainer#withBackend}.
 */
public interface TrainingBackend {

    /** Everything one training run needs. */
    record Run(VeRLConfig config, List<TrajectoryItem> trainItems, List<TrajectoryItem> testItems,
               RewardFunction reward, Map<String, Object> verlParameters, List<String> hydraOverrides,
               Consumer<Map<String, Object>> metricsSink) {
    }

    /**
     * What a run returns: the number of steps taken, the loss and accuracy it measured (null when
     * the run did not measure one: never reported as 0.0) and the last step's metrics under VeRL's names.
     */
    record Outcome(int steps, Double loss, Double accuracy, Map<String, Object> lastMetrics) {
    }

    /** Trains; reports every step's metrics to {@code run.metricsSink()}; throws on failure. */
    Outcome train(Run run);

    /** Evaluates the trained policy on items; {@code accuracy} and {@code loss} as the backend defines them. */
    TrainMetrics evaluate(List<TrajectoryItem> items, RewardFunction reward);
}
