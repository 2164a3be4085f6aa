package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.synthesis.NearDuplicateIndex;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
final class DedupProcessor extends ContextualProcessor<String, TrajectoryStep, String, TrajectoryStep> {

    private static final int MAX_PER_PUNCTUATION = 10_000;

    private final DatasetDefinition dataset;
    private final NearDuplicateIndex sketcher;
    private final long retention;
    private final Duration every;
    private KeyValueStore<String, DedupEntry> keys;
    private KeyValueStore<String, Long> counts;
    private Timers expiry;
    private BandIndex bands;

    DedupProcessor(DatasetDefinition dataset, Duration punctuateInterval) {
        this.dataset = dataset;
        this.sketcher = dataset.nearDedup() ? new NearDuplicateIndex(dataset.nearThreshold()) : null;
        this.retention = dataset.dedupRetention().toMillis();
        this.every = punctuateInterval;
    }

    @Override
    public void init(ProcessorContext<String, TrajectoryStep> context) {
        super.init(context);
        keys = context.getStateStore(CurationNames.dedupStore(dataset.name()));
        counts = context.getStateStore(CurationNames.dedupCounts(dataset.name()));
        expiry = new Timers(context.getStateStore(CurationNames.dedupExpiryStore(dataset.name())));
        bands = new BandIndex();
        if (sketcher != null) {
            try (KeyValueIterator<String, DedupEntry> it = keys.all()) { // restored state: rebuild the derived index
                while (it.hasNext()) {
                    KeyValue<String, DedupEntry> kv = it.next();
                    bands.add(kv.key, sketcher.bandKeysOfWords(kv.value.words()), kv.value.words(), kv.value.group());
                }
            }
        }
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, TrajectoryStep> record) {
        String key = record.key();
        TrajectoryStep step = record.value();
        DedupEntry owner = keys.get(key);
        if (record.headers().lastHeader(CurationNames.RETRACT_HEADER) != null) {
            if (owner != null && owner.stepId().equals(step.getId())) {
                forget(key, owner);
                Counts.add(counts, Counts.RETRACTED, 1);
                forward(record, null);
            }
            return;
        }
        if (owner != null) {
            if (owner.stepId().equals(step.getId())) {
                Counts.add(counts, Counts.UPDATED, 1);
                forward(record, step);
            } else {
                Counts.add(counts, Counts.DUPLICATES, 1);
            }
            return;
        }
        long group = DedupEntry.groupHash(step.getGroupId() != null ? step.getGroupId() : step.getInput());
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
        expiry.schedule(Timers.EXPIRE, entry.time() + retention, key);
        if (bandKeys != null) {
            bands.add(key, bandKeys, words, group);
        }
        Counts.add(counts, Counts.EMITTED, 1);
        forward(record, step);
    }

    private boolean nearDuplicate(long[] words, long[] bandKeys, long group) {
        for (BandIndex.Held candidate : bands.candidates(bandKeys)) {
            if (candidate.group() != group
                    && NearDuplicateIndex.wordSetSimilarity(words, candidate.words()) >= dataset.nearThreshold()) {
                return true;
            }
        }
        return false;
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

    private void expire(long now) {
        for (Timers.Due due : expiry.takeDue(Timers.EXPIRE, now, MAX_PER_PUNCTUATION)) {
            DedupEntry e = keys.get(due.id());
            if (e != null && e.time() + retention == due.time()) {
                keys.delete(due.id());
                bands.remove(due.id());
            }
        }
    }

    private boolean evictOldest() {
        List<Timers.Due> oldest = expiry.takeDue(Timers.EXPIRE, Long.MAX_VALUE - 1, 1);
        if (oldest.isEmpty()) {
            return false;
        }
        keys.delete(oldest.get(0).id());
        bands.remove(oldest.get(0).id());
        return true;
    }

    private void forget(String key, DedupEntry owner) {
        keys.delete(key);
        expiry.cancel(Timers.EXPIRE, owner.time() + retention, key);
        bands.remove(key);
    }

    /** Internal headers stop here: the dataset topic carries only the curated step. */
    private void forward(Record<String, TrajectoryStep> record, TrajectoryStep value) {
        context().forward(new Record<>(record.key(), value, record.timestamp(), new RecordHeaders()));
    }
}
