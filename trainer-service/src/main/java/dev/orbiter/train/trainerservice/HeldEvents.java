package dev.orbiter.train.trainerservice;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Job events waiting for their job's spec. Only the spec says whose a job is, and it is on another
 * topic than the job's statuses and metrics, so the view can read an event of another instance's
 * job first; published then, it would reach no tenant's stream. Such an event is held until the
 * spec is read, at most {@code perJob} per job (the oldest go first: the view's own lists, which
 * replay sends, have them all). Not thread-safe: the view's thread owns it.
 */
final class HeldEvents {

    private final int perJob;
    private final Consumer<Map<String, Object>> publish;
    private final Map<String, Deque<Map<String, Object>>> held = new HashMap<>();

    HeldEvents(int perJob, Consumer<Map<String, Object>> publish) {
        if (perJob < 1) {
            throw new IllegalArgumentException("perJob must be at least 1, got " + perJob);
        }
        this.perJob = perJob;
        this.publish = publish;
    }

    /** Publishes the event (after the job's held ones) if its spec is known, else holds it. */
    void offer(String jobId, boolean specKnown, Map<String, Object> event) {
        if (specKnown) {
            release(jobId);
            publish.accept(event);
            return;
        }
        Deque<Map<String, Object>> waiting = held.computeIfAbsent(jobId, k -> new ArrayDeque<>());
        waiting.addLast(event);
        while (waiting.size() > perJob) {
            waiting.removeFirst();
        }
    }

    /** The job's spec is read: its held events are published, in the order they were read. */
    void release(String jobId) {
        Deque<Map<String, Object>> waiting = held.remove(jobId);
        if (waiting != null) {
            waiting.forEach(publish);
        }
    }

    /** How many events wait, over all jobs. */
    int size() {
        return held.values().stream().mapToInt(Deque::size).sum();
    }
}
