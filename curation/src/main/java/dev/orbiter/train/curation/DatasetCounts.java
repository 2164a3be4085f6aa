package dev.orbiter.train.curation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Reads the curation counters from the running topology's state stores (interactive queries),
 * summed over every partition this instance hosts. The stores are changelogged, so the counts
 * survive restarts; with several instances, each reports the partitions it holds (the
 * stream-processor sums its peers' answers).
 */
public final class DatasetCounts {

    private final KafkaStreams streams;
    private final CurationSettings settings;

    public DatasetCounts(KafkaStreams streams, CurationSettings settings) {
        this.streams = streams;
        this.settings = settings;
    }

    /**
     * The shared counters: dead letters, steps, duplicate ids, rewards joined, early, fallbacks;
     * and the call assembly's (captured calls, repeats, steps written, late tool results).
     */
    public Map<String, Long> shared() {
        Map<String, Long> out = sum(CurationNames.COUNTS_STORE);
        if (settings.calls().enabled()) {
            sum(CurationNames.CALL_COUNTS_STORE).forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        return out;
    }

    /** One dataset's counters: seen, filtered, below_min_score, duplicates, near_duplicates, emitted, ... */
    public Map<String, Long> dataset(String name) {
        settings.dataset(name); // unknown names fail here
        Map<String, Long> out = new LinkedHashMap<>();
        for (String c : new String[] {Counts.SEEN, Counts.FILTERED, Counts.BELOW_MIN_SCORE, Counts.DUPLICATES,
                Counts.NEAR_DUPLICATES, Counts.EMITTED, Counts.UPDATED, Counts.RETRACTED, Counts.LATE_REWARDS_APPLIED,
                Counts.PROCESSING_ERRORS}) {
            out.put(c, 0L);
        }
        out.putAll(sum(CurationNames.filterCounts(name)));
        out.putAll(sum(CurationNames.dedupCounts(name)));
        if (settings.dataset(name).ofEpisodes()) {
            for (String c : new String[] {Counts.EPISODES, Counts.EPISODE_UPDATES, Counts.EPISODE_LATE_STEPS}) {
                out.put(c, 0L);
            }
            out.putAll(sum(CurationNames.episodeCounts(name)));
        }
        if (settings.dataset(name).grouped()) {
            for (String c : new String[] {Counts.GROUPS_RELEASED, Counts.GROUPS_DROPPED_VARIANCE, Counts.GROUPS_RESCUED,
                    Counts.GROUPS_INCOMPLETE,
                    Counts.GROUPS_DROPPED_INCOMPLETE, Counts.GROUP_LATE_MEMBERS, Counts.GROUP_DROPPED_MEMBERS}) {
                out.put(c, 0L);
            }
            out.putAll(sum(CurationNames.groupCounts(name)));
        }
        return out;
    }

    /**
     * The sum of every counter of a store over the partitions this instance hosts as active tasks
     * (interactive queries v2: none hosted here is a sum of nothing, not an error, as on an instance
     * whose peer holds a dataset's single dedup task). Throws Kafka Streams'
     * InvalidStateStoreException while a hosted partition cannot be read (rebalancing, restoring).
     */
    private Map<String, Long> sum(String store) {
        StateQueryResult<KeyValueIterator<String, Long>> result = streams.query(StateQueryRequest.inStore(store)
                .withQuery(RangeQuery.<String, Long>withNoBounds()).requireActive());
        Map<String, Long> totals = new TreeMap<>();
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, Long>>> e : result.getPartitionResults().entrySet()) {
            QueryResult<KeyValueIterator<String, Long>> r = e.getValue();
            if (r.isFailure()) {
                throw new InvalidStateStoreException("partition " + e.getKey() + " of " + store + " cannot be read now: "
                        + r.getFailureReason() + " " + r.getFailureMessage());
            }
            try (KeyValueIterator<String, Long> it = r.getResult()) {
                while (it.hasNext()) {
                    KeyValue<String, Long> kv = it.next();
                    totals.merge(kv.key, kv.value, Long::sum);
                }
            }
        }
        return totals;
    }
}
