package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.curation.GroupState.Member;
import dev.orbiter.train.curation.GroupState.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One group-aware dataset's last stage, on curated records keyed by prompt group: a group's
 * candidates are held (in the changelogged group store, so a crash or a rebalance loses none) until
 * {@code group.size} distinct ones have arrived or {@code group.close-after} has passed since the
 * first; then the group is released whole, every candidate forwarded in the same call and so in the
 * same transaction, or dropped (too small, or all scores equal under {@code zero-variance}).
 * After the close, a re-emitted candidate (a late reward) or a retraction of a released group goes
 * straight to the dataset, a straggler joins a released group as it comes, and anything of a dropped
 * group stays out. Each is counted.
 */
final class GroupProcessor extends ContextualProcessor<String, byte[], String, byte[]> {

    private static final byte CLOSE = 'G';
    private static final byte EXPIRE = 'X';
    private static final int DUE_BATCH = 1_000;

    private final DatasetDefinition dataset;
    private final GroupSettings groups;
    private final Deserializer<TrajectoryStep> deserializer;
    private final Duration every;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, Long> counts;
    private Timers timers;

    GroupProcessor(DatasetDefinition dataset, Deserializer<TrajectoryStep> deserializer, Duration punctuateInterval) {
        this.dataset = dataset;
        this.groups = dataset.groups();
        this.deserializer = deserializer;
        this.every = punctuateInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        super.init(context);
        store = context.getStateStore(CurationNames.groupStore(dataset.name()));
        counts = context.getStateStore(CurationNames.groupCounts(dataset.name()));
        KeyValueStore<Bytes, byte[]> timerStore = context.getStateStore(CurationNames.groupTimers(dataset.name()));
        timers = new Timers(timerStore);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Header datasetKey = record.headers().lastHeader(CurationNames.DATASET_KEY_HEADER);
        if (datasetKey == null) {
            throw new IllegalStateException("a record reached " + CurationNames.group(dataset.name()) + " without its "
                    + CurationNames.DATASET_KEY_HEADER + " header");
        }
        String key = new String(datasetKey.value(), StandardCharsets.UTF_8);
        String group = record.key();
        byte[] headerBytes = store.get(group);
        GroupState.Header header = headerBytes == null ? null : GroupState.Header.decode(headerBytes);
        if (record.value() == null) {
            retract(group, header, key, record.timestamp());
            return;
        }
        double score = scoreOf(record.value());
        long now = context().currentSystemTimeMs();
        if (header == null) {
            header = new GroupState.Header(Status.OPEN, now, 0, 0);
            timers.schedule(CLOSE, now + groups.closeAfter().toMillis(), group);
        }
        String memberKey = GroupState.memberKey(group, key);
        boolean known = store.get(memberKey) != null;
        switch (header.status()) {
            case OPEN -> {
                store.put(memberKey, new Member(score, record.value()).encode());
                header = known ? header : header.withMembers(header.members() + 1);
                store.put(group, header.encode());
                if (header.members() >= groups.size()) {
                    timers.cancel(CLOSE, header.opened() + groups.closeAfter().toMillis(), group);
                    close(group, header, now);
                }
            }
            case RELEASED -> {
                if (!known) {
                    Counts.add(counts, Counts.GROUP_LATE_MEMBERS, 1);
                    store.put(memberKey, new Member(score, new byte[0]).encode());
                }
                forward(key, record.value(), record.timestamp());
            }
            case EQUAL -> {
                store.put(memberKey, new Member(score, record.value()).encode());
                List<KeyValue<String, Member>> members = members(group);
                if (!allEqual(members)) { // a late reward (or a straggler) gave the group its signal after all
                    Counts.add(counts, Counts.GROUPS_DROPPED_VARIANCE, -1);
                    Counts.add(counts, Counts.GROUPS_RESCUED, 1);
                    release(members, now);
                    store.put(group, header.with(Status.RELEASED, header.closed()).encode());
                }
            }
            case DROPPED -> Counts.add(counts, Counts.GROUP_DROPPED_MEMBERS, 1);
        }
    }

    private void retract(String group, GroupState.Header header, String key, long timestamp) {
        if (header == null) {
            forward(key, null, timestamp); // not held here: a tombstone for what may be in the dataset is harmless
            return;
        }
        String memberKey = GroupState.memberKey(group, key);
        switch (header.status()) {
            case OPEN -> {
                if (store.delete(memberKey) != null) {
                    store.put(group, header.withMembers(header.members() - 1).encode());
                }
            }
            case RELEASED -> forward(key, null, timestamp);
            case EQUAL -> store.delete(memberKey);
            case DROPPED -> { } // never written to the dataset
        }
    }

    /** Releases or drops a group; a released group's candidates are all forwarded here, in one transaction. */
    private void close(String group, GroupState.Header header, long now) {
        List<KeyValue<String, Member>> members = members(group);
        int n = members.size();
        Status outcome = Status.RELEASED;
        if (n < groups.size()) {
            Counts.add(counts, Counts.GROUPS_INCOMPLETE, 1);
            if (n < groups.minSize() || groups.incomplete() == GroupSettings.Incomplete.DROP) {
                Counts.add(counts, Counts.GROUPS_DROPPED_INCOMPLETE, 1);
                outcome = Status.DROPPED;
            }
        }
        if (outcome == Status.RELEASED && groups.filter() == GroupSettings.Filter.ZERO_VARIANCE && allEqual(members)) {
            Counts.add(counts, Counts.GROUPS_DROPPED_VARIANCE, 1);
            outcome = Status.EQUAL; // candidates stay held: a late reward may still tell them apart
        }
        if (outcome == Status.RELEASED) {
            release(members, now);
        } else if (outcome == Status.DROPPED) {
            members.forEach(m -> store.put(m.key, m.value.closed().encode()));
        }
        store.put(group, header.with(outcome, now).encode());
        timers.schedule(EXPIRE, now + groups.retention().toMillis(), group);
    }

    /** Every candidate forwarded in this one call (so in one transaction), then kept by its score only. */
    private void release(List<KeyValue<String, Member>> members, long now) {
        for (KeyValue<String, Member> m : members) {
            forward(GroupState.datasetKeyOf(m.key), m.value.bytes(), now);
            store.put(m.key, m.value.closed().encode());
        }
        Counts.add(counts, Counts.GROUPS_RELEASED, 1);
    }

    private void punctuate(long wallClock) {
        long now = context().currentSystemTimeMs();
        for (Timers.Due due : timers.takeDue(CLOSE, now, DUE_BATCH)) {
            byte[] h = store.get(due.id());
            if (h != null && GroupState.Header.decode(h).status() == Status.OPEN) {
                close(due.id(), GroupState.Header.decode(h), now);
            }
        }
        for (Timers.Due due : timers.takeDue(EXPIRE, now, DUE_BATCH)) {
            List<String> keys = new ArrayList<>();
            members(due.id()).forEach(m -> keys.add(m.key));
            keys.forEach(store::delete);
            store.delete(due.id());
        }
    }

    private List<KeyValue<String, Member>> members(String group) {
        List<KeyValue<String, Member>> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(GroupState.memberPrefix(group), new StringSerializer())) {
            it.forEachRemaining(kv -> out.add(KeyValue.pair(kv.key, Member.decode(kv.value))));
        }
        return out;
    }

    /** Equal scores (no score counts as one value): the group's advantages would all be zero. */
    private static boolean allEqual(List<KeyValue<String, Member>> members) {
        for (KeyValue<String, Member> m : members) {
            if (Double.compare(m.value.score(), members.get(0).value.score()) != 0) {
                return false;
            }
        }
        return true;
    }

    private double scoreOf(byte[] bytes) {
        Double s = deserializer.deserialize(dataset.topic(), bytes).getScore();
        return s == null ? Double.NaN : s;
    }

    private void forward(String key, byte[] value, long timestamp) {
        context().forward(new Record<>(key, value, timestamp, new RecordHeaders()));
    }
}
