package dev.orbiter.train.trainer;

import java.util.Map;

/**
 * Observes a trainer: every lifecycle change and every training step's metrics (VeRL's metric
 * names, e.g. {@code actor/pg_loss}). This is how the trainer service streams status and metric
 * events to Kafka. Both methods default to doing nothing; they run on the training thread, and an
 * exception thrown by a listener propagates to the caller of {@code train()}.
 */
public interface TrainerListener {

    default void onStateChange(TrainerState from, TrainerState to) {
    }

    default void onMetrics(Map<String, Object> metrics) {
    }
}
