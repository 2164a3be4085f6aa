package dev.orbiter.train.curation;

import dev.orbiter.train.trajectory.PromptGroups;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.synthesis.NearDuplicateIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One dataset's exact and near-duplicate removal, on records keyed by dedup key. A key already
 * kept by another step is a duplicate; the same step again (a late reward) replaces its version;
 * a retraction of the owning step deletes it (tombstone). With near-dedup on, a step whose text
 * has Jaccard similarity at or above the threshold with a kept item of another group is dropped.
 * Keys are remembered for the retention period, and at most {@code near-dedup.max-items} per
 * partition are held for near checks (the oldest go first).
 */
final class DedupProcessor extends ContextualProcessor<String, byte[], String, byte[]> {

    private static final int SWEEP_BATCH = 2_000;

    private final DatasetDefinition dataset;
    private final NearDuplicateIndex sketcher;
    private final long retention;
    private final Duration every;
    private final Deserializer<TrajectoryStep> deserializer;
    private long lastSweep;
    private KeyValueStore<String, DedupEntry> keys;
    private KeyValueStore<String, Long> counts;
    private Sweeper<DedupEntry> sweeper;
    private BandIndex bands;

    DedupProcessor(DatasetDefinition dataset, Deserializer<TrajectoryStep> deserializer, Duration punctuateInterval) {
        this.dataset = dataset;
        this.deserializer = deserializer;
        this.sketcher = dataset.nearDedup() ? new NearDuplicateIndex(dataset.nearThreshold()) : null;
        this.retention = dataset.dedupRetention().toMillis();
        this.every = punctuateInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        super.init(context);
        keys = context.getStateStore(CurationNames.dedupStore(dataset.name()));
        counts = context.getStateStore(CurationNames.dedupCounts(dataset.name()));
        sweeper = new Sweeper<>(keys, SWEEP_BATCH);
        bands = new BandIndex();
        if (sketcher != null) {
            rebuildBands();
        }
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        TrajectoryStep step = deserializer.deserialize(dataset.topic(), record.value());
        DedupEntry owner = keys.get(key);
        if (record.headers().lastHeader(CurationNames.RETRACT_HEADER) != null) {
            if (owner != null && owner.stepId().equals(step.getId())) {
                forget(key, owner);
                Counts.add(counts, Counts.RETRACTED, 1);
                forward(record, null, owner.group());
            }
            return;
        }
        if (owner != null) {
            if (owner.stepId().equals(step.getId())) {
                Counts.add(counts, Counts.UPDATED, 1);
                forward(record, record.value(), owner.group());
            } else {
                Counts.add(counts, Counts.DUPLICATES, 1);
            }
            return;
        }
        long group = DedupEntry.groupHash(PromptGroups.id(step.getGroupId(), step.getInput()));
        long[] words = new long[0];
        long[] bandKeys = null;
        if (sketcher != null) {
            words = NearDuplicateIndex.wordHashes(text(step));
            bandKeys = sketcher.bandKeysOfWords(words);
            if (nearDuplicate(words, bandKeys, group)) {
                Counts.add(counts, Counts.NEAR_DUPLICATES, 1);
                return;
            }
            while (bands.size() >= dataset.nearMaxItems() && evictOldest()) {
                // bounded: the oldest kept items leave the near-duplicate index first
            }
        }
        DedupEntry entry = new DedupEntry(step.getId(), context().currentSystemTimeMs(), group, words);
        keys.put(key, entry);
        if (bandKeys != null) {
            bands.add(key, bandKeys, words, group);
        }
        Counts.add(counts, Counts.EMITTED, 1);
        forward(record, record.value(), group);
    }

    private boolean nearDuplicate(long[] words, long[] bandKeys, long group) {
        return bands.anyCandidate(bandKeys, candidate -> candidate.group() != group
                && NearDuplicateIndex.similarAtLeast(words, candidate.words(), dataset.nearThreshold()));
    }

    private String text(TrajectoryStep step) {
        switch (dataset.nearField()) {
            case INPUT:
                return step.getInput();
            case OUTPUT:
                return step.getOutput();
            default:
                return step.getInput() + " " + step.getOutput();
        }
    }

    /** The restored store is the truth: the derived index is rebuilt from it, oldest first. */
    private void rebuildBands() {
        List<KeyValue<String, DedupEntry>> all = new ArrayList<>();
        try (KeyValueIterator<String, DedupEntry> it = keys.all()) {
            it.forEachRemaining(all::add);
        }
        all.sort(Comparator.comparingLong(kv -> kv.value.time()));
        for (KeyValue<String, DedupEntry> kv : all) {
            bands.add(kv.key, sketcher.bandKeysOfWords(kv.value.words()), kv.value.words(), kv.value.group());
        }
    }

    private void expire(long now) {
        if (now - lastSweep < Sweeper.MIN_INTERVAL_MS) {
            return;
        }
        lastSweep = now;
        long cutoff = context().currentSystemTimeMs() - retention;
        sweeper.sweep(e -> e.time() <= cutoff, (key, e) -> bands.remove(key));
    }

    private boolean evictOldest() {
        String oldest = bands.oldestKey();
        if (oldest == null) {
            return false;
        }
        keys.delete(oldest);
        bands.remove(oldest);
        return true;
    }

    private void forget(String key, DedupEntry owner) {
        keys.delete(key);
        bands.remove(key);
    }

    /**
     * Internal headers stop here: the dataset topic carries only the curated step. A group-aware
     * dataset's records go on to the group stage keyed by their prompt group, their dataset key in a header.
     */
    private void forward(Record<String, byte[]> record, byte[] value, long group) {
        RecordHeaders headers = new RecordHeaders();
        if (!dataset.grouped()) {
            context().forward(new Record<>(record.key(), value, record.timestamp(), headers));
            return;
        }
        headers.add(CurationNames.DATASET_KEY_HEADER, record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        context().forward(new Record<>(GroupState.groupKey(group), value, record.timestamp(), headers));
    }
}
