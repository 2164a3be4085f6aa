package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.DatasetDefinition;
import dev.orbiter.train.curation.ThreadReplacingHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Prometheus counters read from the topology's counter stores at scrape time:
 * {@code orbiter_curation_records_total{dataset, outcome}} and
 * {@code orbiter_curation_shared_total{counter}} (dead letters, duplicate ids, rewards). While
 * the stores are not queryable (a rebalance) a counter reports its last value, so it never goes
 * backwards. {@code orbiter_curation_stream_thread_replacements_total{reason=registry|other}}
 * counts failed stream threads that were replaced (a registry outage, or anything else).
 */
@Startup
@ApplicationScoped
public class CurationMetrics {

    private static final List<String> OUTCOMES = List.of("seen", "filtered", "below_min_score", "duplicates",
            "near_duplicates", "emitted", "updated", "retracted", "late_rewards_applied");
    private static final List<String> SHARED = List.of("steps", "duplicate_ids", "rewards", "rewards_joined",
            "rewards_early", "reward_fallbacks", "dead_letters_steps", "dead_letters_rewards");

    private final Map<String, Double> last = new ConcurrentHashMap<>();

    @Inject
    public CurationMetrics(MeterRegistry registry, CurationSettings settings, LiveCounts counts,
                           ThreadReplacingHandler failures) {
        for (DatasetDefinition d : settings.datasets()) {
            for (String outcome : OUTCOMES) {
                register(registry, "orbiter_curation_records", "dataset", d.name(), "outcome", outcome,
                        () -> counts.dataset(d.name()));
            }
        }
        for (String c : SHARED) {
            register(registry, "orbiter_curation_shared", "counter", c, null, null, counts::shared);
        }
        FunctionCounter.builder("orbiter_curation_stream_thread_replacements", failures,
                        ThreadReplacingHandler::registryOutages).tag("reason", "registry").register(registry);
        FunctionCounter.builder("orbiter_curation_stream_thread_replacements", failures,
                        ThreadReplacingHandler::otherFailures).tag("reason", "other").register(registry);
    }

    private void register(MeterRegistry registry, String name, String tag1, String value1, String tag2, String value2,
                          Supplier<Map<String, Long>> source) {
        String counter = value2 != null ? value2 : value1;
        String key = name + "/" + value1 + "/" + value2;
        FunctionCounter.Builder<CurationMetrics> b = FunctionCounter.builder(name, this, self -> read(key, counter, source))
                .tag(tag1, value1);
        if (tag2 != null) {
            b.tag(tag2, value2);
        }
        b.register(registry);
    }

    private double read(String key, String counter, Supplier<Map<String, Long>> source) {
        try {
            Long v = source.get().get(counter);
            double d = v == null ? 0 : v;
            last.put(key, d);
            return d;
        } catch (InvalidStateStoreException e) {
            return last.getOrDefault(key, 0.0);
        }
    }
}
