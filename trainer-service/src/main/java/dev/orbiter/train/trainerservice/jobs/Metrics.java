package dev.orbiter.train.trainerservice.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numeric part of a metrics map (events carry numbers only; text such as a checkpoint path is
 * dropped). A NaN or infinite value (a diverged loss) is not dropped silently: it becomes the flag
 * {@code <name>_non_finite = 1}, since the events' JSON has no NaN.
 */
final class Metrics {

    /** The suffix of the flag a non-finite metric becomes. */
    static final String NON_FINITE = "_non_finite";

    private Metrics() {
    }

    static Map<String, Double> numeric(Map<String, ?> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                out.put(k, n.doubleValue());
            } else if (v instanceof Number) {
                out.put(k + NON_FINITE, 1.0);
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
