package dev.orbiter.train.client.capture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Next step counter per (task, agent) pair, like {@code TrajectoryDataset.fromMessages}. Bounded:
 * the least recently used pairs are forgotten past {@code capacity} (a forgotten pair that
 * returns starts again at 0, so size it above the number of tasks alive at once).
 */
final class StepCounters {

    private final Map<List<String>, Integer> next;

    StepCounters(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.next = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<String>, Integer> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized int next(String task, String agent) {
        List<String> pair = List.of(task, agent);
        int step = next.getOrDefault(pair, 0);
        next.put(pair, step + 1);
        return step;
    }
}
