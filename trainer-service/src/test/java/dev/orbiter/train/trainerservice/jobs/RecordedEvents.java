package dev.orbiter.train.trainerservice.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Job events kept in memory, in order. */
final class RecordedEvents implements JobEvents {

    record Status(String state, String message) {
    }

    record Metric(String phase, long step, int epoch, Map<String, Double> metrics) {
    }

    final List<Status> statuses = new ArrayList<>();
    final List<Metric> metrics = new ArrayList<>();

    @Override
    public synchronized void status(String state, String message) {
        statuses.add(new Status(state, message));
    }

    @Override
    public synchronized void metrics(String phase, long step, int epoch, Map<String, Double> m) {
        metrics.add(new Metric(phase, step, epoch, m));
    }

    synchronized List<String> states() {
        return statuses.stream().map(Status::state).toList();
    }

    synchronized List<Metric> phase(String phase) {
        return metrics.stream().filter(m -> m.phase().equals(phase)).toList();
    }
}
