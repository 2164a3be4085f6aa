package dev.orbiter.train.trainerservice.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/** The numeric part of a metrics map (events carry numbers only; text such as a checkpoint path is dropped). */
final class Metrics {

    private Metrics() {
    }

    static Map<String, Double> numeric(Map<String, ?> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                out.put(k, n.doubleValue());
            } else if (v instanceof Boolean b) {
                out.put(k, b ? 1.0 : 0.0);
            }
        });
        return out;
    }

    static long longOf(Map<String, ?> metrics, String key, long fallback) {
        Object v = metrics.get(key);
        return v instanceof Number n ? n.longValue() : fallback;
    }
}
