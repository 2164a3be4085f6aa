package dev.orbiter.train.trainerservice.jobs;

import java.util.Map;

/** Where a running job reports: its state changes and its metrics (Kafka in the service, a list in tests). */
public interface JobEvents {

    /** A state change (created, validated, training, completed, failed) with why. */
    void status(String state, String message);

    /** Metrics of a phase (train, epoch, final, eval) at a step. */
    void metrics(String phase, long step, int epoch, Map<String, Double> metrics);
}
