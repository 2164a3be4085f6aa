package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.DatasetCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** The counters of the running topology (see {@link DatasetCounts}); 503 while it is not queryable. */
@ApplicationScoped
public class LiveCounts {

    private final DatasetCounts counts;

    @Inject
    public LiveCounts(KafkaStreams streams, CurationSettings settings) {
        this.counts = new DatasetCounts(streams, settings);
    }

    public Map<String, Long> shared() {
        return counts.shared();
    }

    public Map<String, Long> dataset(String name) {
        return counts.dataset(name);
    }
}
