package dev.orbiter.train.synthesis;

import dev.orbiter.train.internal.Json;
import dev.orbiter.train.internal.Values;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a synthesis run produced: the synthesised items, their train/test split and run
 * metadata ({@code source_count}, {@code after_filter}, {@code after_dedup}, {@code synthesised},
 * {@code strategy}). Immutable.
 */
public final class SynthesisResult {

    private final List<TrajectoryItem> items;
    private final List<TrajectoryItem> trainItems;
    private final List<TrajectoryItem> testItems;
    private final Map<String, Object> metadata;

    public SynthesisResult(List<TrajectoryItem> items, List<TrajectoryItem> trainItems,
                           List<TrajectoryItem> testItems, Map<String, ?> metadata) {
        this.items = List.copyOf(items);
        this.trainItems = List.copyOf(trainItems);
        this.testItems = List.copyOf(testItems);
        this.metadata = Values.copyMap(metadata);
    }

    public List<TrajectoryItem> items() {
        return items;
    }

    public List<TrajectoryItem> trainItems() {
        return trainItems;
    }

    public List<TrajectoryItem> testItems() {
        return testItems;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    public int total() {
        return items.size();
    }

    public int trainCount() {
        return trainItems.size();
    }

    public int testCount() {
        return testItems.size();
    }

    /** The guide's count of items produced by the synthesisers. */
    public int generatedCount() {
        Object n = metadata.get("synthesised");
        return n instanceof Number ? ((Number) n).intValue() : items.size();
    }

    /** The guide's count of source items removed by the score filter and dedup. */
    public int filteredCount() {
        int source = intMeta("source_count");
        Object afterDedup = metadata.get("after_dedup");
        return afterDedup instanceof Number ? source - ((Number) afterDedup).intValue() : source;
    }

    private int intMeta(String key) {
        Object n = metadata.get(key);
        return n instanceof Number ? ((Number) n).intValue() : 0;
    }

    /** A JSON object with {@code items}, {@code train_items}, {@code test_items} and {@code metadata}. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", maps(items));
        m.put("train_items", maps(trainItems));
        m.put("test_items", maps(testItems));
        m.put("metadata", metadata);
        return Json.write(m);
    }

    private static List<Map<String, Object>> maps(List<TrajectoryItem> list) {
        return list.stream().map(TrajectoryItem::toMap).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "SynthesisResult(total=" + total() + ", train=" + trainCount() + ", test=" + testCount()
                + ", metadata=" + metadata + ")";
    }
}
