package dev.orbiter.train.trajectory;

import dev.orbiter.train.internal.AtomicFiles;
import dev.orbiter.train.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory collection of trajectory items with capture, per-(task, agent) step counters and
 * export to JSON, JSONL and CSV. Agents fill it as they run; the Kafka SDK can mirror every
 * capture to a topic, and replay rebuilds one from a dataset topic. Thread-safe: concurrent
 * captures and exports see a consistent list.
 */
public class TrajectoryDataset {

    private final TrajectoryStrategy strategy;
    private final List<TrajectoryItem> items = new ArrayList<>();
    private final Map<List<String>, Integer> stepCounters = new HashMap<>();

    /** A dataset with the {@link DefaultStrategy}. */
    public TrajectoryDataset() {
        this(DefaultStrategy.INSTANCE);
    }

    /** A dataset with the given strategy (null means the default one). */
    public TrajectoryDataset(TrajectoryStrategy strategy) {
        this.strategy = strategy == null ? DefaultStrategy.INSTANCE : strategy;
    }

    public TrajectoryStrategy strategy() {
        return strategy;
    }

    /**
     * The guide's capture: keeps {@code strategy.process(item)} if {@code strategy.shouldCapture(item)}.
     *
     * @return whether the item was kept
     */
    public boolean capture(TrajectoryItem item) {
        Objects.requireNonNull(item, "item");
        if (!strategy.shouldCapture(item)) {
            return false;
        }
        TrajectoryItem processed = strategy.process(item);
        synchronized (this) {
            items.add(Objects.requireNonNull(processed, "strategy.process returned null"));
        }
        onAppend(processed);
        return true;
    }

    /** Appends an item as is, bypassing the strategy. */
    public void appendTrajectory(TrajectoryItem item) {
        Objects.requireNonNull(item, "item");
        synchronized (this) {
            items.add(item);
        }
        onAppend(item);
    }

    /** Builds an item from messages with the pair's next step counter, appends and returns it. */
    public TrajectoryItem fromMessages(List<Map<String, Object>> messages, String taskId, String agentId) {
        return fromMessages(messages, taskId, agentId, Map.of());
    }

    /** As {@link #fromMessages(List, String, String)}, with {@code score}, {@code status}, {@code metadata} options. */
    public TrajectoryItem fromMessages(List<Map<String, Object>> messages, String taskId, String agentId,
                                       Map<String, Object> options) {
        List<String> pair = List.of(taskId == null ? "" : taskId, agentId == null ? "" : agentId);
        TrajectoryItem item;
        synchronized (this) {
            int step = stepCounters.getOrDefault(pair, 0);
            item = strategy.buildItem(messages, pair.get(0), pair.get(1), step, options);
            stepCounters.put(pair, step + 1);
            items.add(item);
        }
        onAppend(item);
        return item;
    }

    /** Appends every item of a task's trajectory; returns how many. */
    public int saveTaskTrajectory(String taskId, List<TrajectoryItem> taskItems) {
        for (TrajectoryItem item : taskItems) {
            appendTrajectory(item);
        }
        return taskItems.size();
    }

    /** The items of one task, in insertion order. */
    public synchronized List<TrajectoryItem> getTaskTrajectory(String taskId) {
        List<TrajectoryItem> out = new ArrayList<>();
        for (TrajectoryItem item : items) {
            if (item.taskId().equals(taskId)) {
                out.add(item);
            }
        }
        return out;
    }

    /** An unmodifiable copy of the items. */
    public synchronized List<TrajectoryItem> items() {
        return List.copyOf(items);
    }

    public synchronized int size() {
        return items.size();
    }

    /** Delegates to the strategy's {@code validate}. */
    public boolean validate() {
        return strategy.validate(items());
    }

    /** Removes every item and resets the step counters. */
    public synchronized void clear() {
        items.clear();
        stepCounters.clear();
    }

    /** A pretty-printed JSON array of {@code toMap()} objects; {@code []} when empty. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try {
            ItemFormats.writeJsonArray(items(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** CSV with a header row and CRLF line ends; {@code ""} when empty. */
    public String toCsv() {
        return ItemFormats.toCsv(items());
    }

    /** Writes {@link #toJson()} to a file, atomically. */
    public void exportJson(Path path) {
        List<TrajectoryItem> snapshot = items();
        export(path, w -> ItemFormats.writeJsonArray(snapshot, w));
    }

    /** Writes {@link #toCsv()} to a file, atomically, streaming row by row. */
    public void exportCsv(Path path) {
        List<TrajectoryItem> snapshot = items();
        export(path, w -> ItemFormats.writeCsv(snapshot, w));
    }

    /** Writes one compact JSON object per line, atomically. */
    public void exportJsonl(Path path) {
        List<TrajectoryItem> snapshot = items();
        exportBytes(path, out -> ItemFormats.writeJsonl(snapshot, out));
    }

    /** Writes JSONL of any items to a file, atomically (the streaming form of {@link #exportJsonl}). */
    public static void writeJsonl(Iterable<TrajectoryItem> items, Path path) {
        exportBytes(path, out -> ItemFormats.writeJsonl(items, out));
    }

    private static void exportBytes(Path path, AtomicFiles.ByteContent content) {
        try {
            AtomicFiles.writeBytes(path, content);
        } catch (IOException | RuntimeException e) {
            throw new TrajectoryError("Failed to export dataset to " + path + ": " + e.getMessage(), e);
        }
    }

    private static void export(Path path, AtomicFiles.Content content) {
        try {
            AtomicFiles.write(path, content);
        } catch (IOException | RuntimeException e) {
            throw new TrajectoryError("Failed to export dataset to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file written by {@link #exportJson}. */
    public static TrajectoryDataset readJson(Path path) {
        TrajectoryDataset ds = new TrajectoryDataset();
        try {
            for (Object o : Json.parseArray(Files.readString(path, StandardCharsets.UTF_8))) {
                ds.appendTrajectory(fromJsonValue(o, path));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new TrajectoryError("Failed to read JSON dataset " + path + ": " + e.getMessage(), e);
        }
        return ds;
    }

    /** Reads a file written by {@link #exportJsonl}; blank lines are skipped. */
    public static TrajectoryDataset readJsonl(Path path) {
        TrajectoryDataset ds = new TrajectoryDataset();
        int line = 0;
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String text = r.readLine(); text != null; text = r.readLine()) {
                line++;
                if (!text.isBlank()) {
                    ds.appendTrajectory(fromJsonValue(Json.parse(text), path));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new TrajectoryError("Failed to read JSONL dataset " + path + " at line " + line + ": "
                    + e.getMessage(), e);
        }
        return ds;
    }

    /** Reads a file written by {@link #exportCsv}. */
    public static TrajectoryDataset readCsv(Path path) {
        TrajectoryDataset ds = new TrajectoryDataset();
        try {
            ItemFormats.fromCsv(Files.readString(path, StandardCharsets.UTF_8)).forEach(ds::appendTrajectory);
        } catch (IOException | IllegalArgumentException e) {
            throw new TrajectoryError("Failed to read CSV dataset " + path + ": " + e.getMessage(), e);
        }
        return ds;
    }

    @SuppressWarnings("unchecked")
    private static TrajectoryItem fromJsonValue(Object o, Path path) {
        if (!(o instanceof Map)) {
            throw new TrajectoryError("expected a JSON object per item in " + path + ", got " + Json.typeName(o));
        }
        return TrajectoryItem.fromMap((Map<String, Object>) o);
    }

    /**
     * Called after every item that enters the dataset (capture, append, fromMessages), outside
     * the dataset's lock. Subclasses override it to mirror captures elsewhere, e.g. to Kafka.
     */
    protected void onAppend(TrajectoryItem item) {
        // the plain dataset only keeps items in memory
    }

    @Override
    public String toString() {
        return "TrajectoryDataset(items=" + size() + ", strategy=" + strategy.getClass().getSimpleName() + ")";
    }
}
