package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.trajectory.Episodes;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * An episode dataset's first stage, right after the reward join (same task partitioning, so no
 * repartition): a task's steps for one agent are held in changelogged stores until a step's status
 * ends the episode, {@code episode.close-after} passes without a step, or it reaches
 * {@code episode.max-steps}; then one episode item ({@link Episodes#assemble}) goes on to the
 * dataset's filter, dedup and topic like a step. A late reward of one of its steps (a re-emitted
 * step) or a step after the end re-writes the episode, as an update.
 */
final class EpisodeProcessor extends ContextualProcessor<String, TrajectoryStep, String, TrajectoryStep> {

    private static final byte CLOSE = 'E';
    private static final byte EXPIRE = 'X';
    private static final byte OPEN = 0;
    private static final byte WRITTEN = 1;
    private static final int DUE_BATCH = 1_000;

    private final DatasetDefinition dataset;
    private final EpisodeSettings episodes;
    private final Duration every;
    private final java.util.Set<String> tenants;
    private KeyValueStore<String, TrajectoryStep> steps;
    private KeyValueStore<String, byte[]> state;
    private KeyValueStore<String, Long> counts;
    private Timers timers;

    /** An episode's state: open or written, and when its last step came (its close timer's base). */
    private record State(byte status, long last) {
        byte[] encode() {
            return ByteBuffer.allocate(9).put(status).putLong(last).array();
        }

        static State decode(byte[] b) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new State(buf.get(), buf.getLong());
        }
    }

    EpisodeProcessor(DatasetDefinition dataset, Duration punctuateInterval) {
        this.dataset = dataset;
        this.episodes = dataset.episodes();
        this.every = punctuateInterval;
        this.tenants = dataset.tenants();
    }

    @Override
    public void init(ProcessorContext<String, TrajectoryStep> context) {
        super.init(context);
        steps = context.getStateStore(CurationNames.episodeStore(dataset.name()));
        state = context.getStateStore(CurationNames.episodeState(dataset.name()));
        counts = context.getStateStore(CurationNames.episodeCounts(dataset.name()));
        KeyValueStore<Bytes, byte[]> timerStore = context.getStateStore(CurationNames.episodeTimers(dataset.name()));
        timers = new Timers(timerStore);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, TrajectoryStep> record) {
        TrajectoryStep step = record.value();
        if (!tenants.isEmpty() && (step.getTenant() == null || !tenants.contains(step.getTenant()))) {
            Counts.add(counts, Counts.OTHER_TENANT, 1); // kept out of the episode, not only out of the dataset
            return;
        }
        String episode = step.getTaskId() + '\u0000' + step.getAgentId();
        long now = context().currentSystemTimeMs();
        String stepKey = prefix(episode) + String.format("%010d", Math.max(0, step.getStep())) + '\u0000' + step.getId();
        boolean known = steps.get(stepKey) != null;
        steps.put(stepKey, step);
        byte[] s = state.get(episode);
        State current = s == null ? null : State.decode(s);
        if (current != null && current.status() == WRITTEN) {
            Counts.add(counts, known ? Counts.EPISODE_UPDATES : Counts.EPISODE_LATE_STEPS, 1);
            write(episode, true, record.timestamp());
            return;
        }
        if (current != null) {
            timers.cancel(CLOSE, current.last() + episodes.closeAfter().toMillis(), episode);
        }
        if (episodes.endStatuses().contains(step.getStatus()) || count(episode) >= episodes.maxSteps()) {
            end(episode, now, record.timestamp());
            return;
        }
        state.put(episode, new State(OPEN, now).encode());
        timers.schedule(CLOSE, now + episodes.closeAfter().toMillis(), episode);
    }

    private void end(String episode, long now, long timestamp) {
        write(episode, false, timestamp);
        Counts.add(counts, Counts.EPISODES, 1);
        state.put(episode, new State(WRITTEN, now).encode());
        timers.schedule(EXPIRE, now + episodes.retention().toMillis(), episode);
    }

    /** Assembles the episode from its held steps and forwards it (an update: with the update header). */
    private void write(String episode, boolean update, long timestamp) {
        List<TrajectoryStep> held = held(episode);
        List<TrajectoryItem> items = new ArrayList<>(held.size());
        held.forEach(s -> items.add(StepCodec.toItem(s)));
        TrajectoryStep last = held.get(held.size() - 1);
        TrajectoryStep out = StepCodec.toStep(Episodes.assemble(items, episodes.reward()), "episode", last.getTenant());
        RecordHeaders headers = new RecordHeaders();
        if (update) {
            headers.add(CurationNames.UPDATE_HEADER, "episode".getBytes(StandardCharsets.UTF_8));
        }
        context().forward(new Record<>(last.getTaskId(), out, timestamp, headers));
    }

    private void punctuate(long wallClock) {
        long now = context().currentSystemTimeMs();
        for (Timers.Due due : timers.takeDue(CLOSE, now, DUE_BATCH)) {
            byte[] s = state.get(due.id());
            if (s != null && State.decode(s).status() == OPEN) {
                end(due.id(), now, now);
            }
        }
        for (Timers.Due due : timers.takeDue(EXPIRE, now, DUE_BATCH)) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, TrajectoryStep> it = steps.prefixScan(prefix(due.id()), new StringSerializer())) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            keys.forEach(steps::delete);
            state.delete(due.id());
        }
    }

    private List<TrajectoryStep> held(String episode) {
        List<TrajectoryStep> out = new ArrayList<>();
        try (KeyValueIterator<String, TrajectoryStep> it = steps.prefixScan(prefix(episode), new StringSerializer())) {
            it.forEachRemaining((KeyValue<String, TrajectoryStep> kv) -> out.add(kv.value));
        }
        return out;
    }

    private int count(String episode) {
        int n = 0;
        try (KeyValueIterator<String, TrajectoryStep> it = steps.prefixScan(prefix(episode), new StringSerializer())) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static String prefix(String episode) {
        return episode + '\u0000';
    }
}
