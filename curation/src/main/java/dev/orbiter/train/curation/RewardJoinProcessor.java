package dev.orbiter.train.curation;

import dev.orbiter.train.client.avro.StepCopies;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins late rewards to their steps and drops repeated step ids (retries, redelivery). Steps and
 * rewards share the task id as key, so a step and its rewards meet in one partition.
 * <ul>
 *   <li>A step that needs a reward ({@link CurationSettings.WaitFor}) waits up to the grace
 *       period; a reward arriving meanwhile gives it its score and releases it at once.</li>
 *   <li>When the wait ends without a reward, the step goes on with its own score, or with the
 *       fallback score and {@code metadata.reward_source=fallback}: never silently dropped.</li>
 *   <li>A reward for a step already emitted re-emits it with the new score and the
 *       {@link CurationNames#UPDATE_HEADER}: the compacted dataset keeps the newer version.</li>
 *   <li>A reward for a step not seen yet waits for it (until the step retention ends).</li>
 * </ul>
 * Waiting is measured on the wall clock (a punctuator), so a quiet topic still releases steps.
 */
final class RewardJoinProcessor extends ContextualProcessor<String, Incoming, String, TrajectoryStep> {

    static final String REWARD_SOURCE = "reward_source";
    static final String REWARD_EVENT = "reward_event_id";
    private static final int MAX_PER_PUNCTUATION = 10_000;
    private static final int SWEEP_BATCH = 2_000;

    private final CurationSettings settings;
    private final long grace;
    private final long retention;
    private KeyValueStore<String, StoredStep> steps;
    private KeyValueStore<String, String> counters;
    private KeyValueStore<String, RewardEvent> early;
    private KeyValueStore<String, Long> counts;
    private Timers timers;
    private Sweeper<StoredStep> sweeper;
    private long lastSweep;

    RewardJoinProcessor(CurationSettings settings) {
        this.settings = settings;
        this.grace = settings.rewardGrace().toMillis();
        this.retention = settings.stepRetention().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, TrajectoryStep> context) {
        super.init(context);
        steps = context.getStateStore(CurationNames.STEPS_STORE);
        counters = context.getStateStore(CurationNames.COUNTER_INDEX_STORE);
        early = context.getStateStore(CurationNames.EARLY_REWARDS_STORE);
        counts = context.getStateStore(CurationNames.COUNTS_STORE);
        timers = new Timers(context.getStateStore(CurationNames.TIMERS_STORE));
        sweeper = new Sweeper<>(steps, SWEEP_BATCH);
        Duration every = settings.punctuateInterval();
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Incoming> record) {
        if (record.value().step() != null) {
            onStep(record.value().step(), record.value().bytes(), record.timestamp());
        } else {
            onReward(record.value().reward(), record.timestamp());
        }
    }

    private void onStep(TrajectoryStep step, byte[] bytes, long timestamp) {
        Counts.add(counts, Counts.STEPS, 1);
        String id = step.getId();
        if (steps.get(id) != null) {
            Counts.add(counts, Counts.DUPLICATE_IDS, 1);
            return;
        }
        long now = context().currentSystemTimeMs();
        RewardEvent reward = takeEarlyReward(step);
        if (reward != null) {
            step = withReward(step, reward);
            Counts.add(counts, Counts.REWARDS_JOINED, 1);
        }
        boolean wait = reward == null && grace > 0 && waits(step);
        long deadline = wait ? now + grace : 0;
        // unchanged, it is held in the bytes it came in; with an early reward applied it is encoded anew
        StoredStep stored = reward == null ? StoredStep.arrived(step, bytes, deadline, now, timestamp)
                : StoredStep.changed(step, deadline, true, now, timestamp);
        if (wait) {
            timers.schedule(Timers.WAIT, stored.deadline(), id);
        } else {
            stored = emit(stored, false);
        }
        steps.put(id, stored);
        counters.put(counterKey(step.getTaskId(), step.getAgentId(), step.getStep()), id);
    }

    private void onReward(RewardEvent reward, long timestamp) {
        Counts.add(counts, Counts.REWARDS, 1);
        String id = reward.getStepId() != null && !reward.getStepId().isBlank() ? reward.getStepId()
                : counters.get(counterKey(reward.getTaskId(), reward.getAgentId(), reward.getStep()));
        StoredStep stored = id == null ? null : steps.get(id);
        if (stored == null) {
            String target = earlyKey(reward);
            early.put(target, reward);
            timers.schedule(Timers.EARLY, context().currentSystemTimeMs() + retention, target);
            Counts.add(counts, Counts.REWARDS_EARLY, 1);
            return;
        }
        Counts.add(counts, Counts.REWARDS_JOINED, 1);
        boolean wasEmitted = stored.emitted();
        if (!wasEmitted) {
            timers.cancel(Timers.WAIT, stored.deadline(), id);
        }
        // a re-emission must not carry an older timestamp than the version it replaces
        StoredStep rewarded = StoredStep.changed(withReward(stored.step(), reward), stored.deadline(), true,
                stored.arrival(), Math.max(stored.recordTime(), timestamp));
        steps.put(id, emit(rewarded, wasEmitted));
    }

    private void punctuate(long now) {
        for (Timers.Due due : timers.takeDue(Timers.WAIT, now, MAX_PER_PUNCTUATION)) {
            StoredStep stored = steps.get(due.id());
            if (stored != null && !stored.emitted()) {
                steps.put(due.id(), emit(stored, false));
            }
        }
        for (Timers.Due due : timers.takeDue(Timers.EARLY, now, MAX_PER_PUNCTUATION)) {
            early.delete(due.id());
        }
        if (now - lastSweep >= Sweeper.MIN_INTERVAL_MS) {
            lastSweep = now;
            long cutoff = now - retention;
            sweeper.sweep(stored -> stored.arrival() <= cutoff && stored.emitted(), (id, stored) -> {
                TrajectoryStep s = stored.step();
                counters.delete(counterKey(s.getTaskId(), s.getAgentId(), s.getStep()));
            });
        }
    }

    /**
     * Forwards the step (re-emission: with the update header) and returns it as emitted. The
     * own or fallback score is applied to what is forwarded, not to what is held: a later reward
     * replaces both anyway.
     */
    private StoredStep emit(StoredStep stored, boolean update) {
        TrajectoryStep step = stored.step();
        if (!stored.rewarded()) {
            step = withOwnOrFallbackScore(step);
        }
        RecordHeaders headers = new RecordHeaders();
        if (update) {
            headers.add(CurationNames.UPDATE_HEADER, "reward".getBytes(StandardCharsets.UTF_8));
        }
        context().forward(new Record<>(step.getTaskId(), step, stored.recordTime(), headers));
        return stored.emittedNow();
    }

    private TrajectoryStep withOwnOrFallbackScore(TrajectoryStep step) {
        if (step.getScore() != null) {
            return withSource(step, "step", null);
        }
        if (settings.missingReward() == CurationSettings.MissingReward.FALLBACK) {
            Counts.add(counts, Counts.FALLBACK, 1);
            return StepCopies.with(withSource(step, "fallback", null), "score", settings.fallbackScore());
        }
        return withSource(step, "none", null);
    }

    private static TrajectoryStep withReward(TrajectoryStep step, RewardEvent reward) {
        return StepCopies.with(withSource(step, "reward", reward.getId()), "score", reward.getValue());
    }

    private static TrajectoryStep withSource(TrajectoryStep step, String source, String eventId) {
        Map<String, Object> metadata = new LinkedHashMap<>(step.getMetadata());
        metadata.put(REWARD_SOURCE, source);
        if (eventId != null && !eventId.isEmpty()) {
            metadata.put(REWARD_EVENT, eventId);
        }
        return StepCopies.with(step, "metadata", metadata);
    }

    private boolean waits(TrajectoryStep step) {
        switch (settings.waitFor()) {
            case ALL:
                return true;
            case NONE:
                return false;
            default:
                return step.getScore() == null;
        }
    }

    private RewardEvent takeEarlyReward(TrajectoryStep step) {
        String byId = "id\u0000" + step.getId();
        String byCounter = "ctr\u0000" + counterKey(step.getTaskId(), step.getAgentId(), step.getStep());
        RewardEvent r = take(byId);
        RewardEvent c = take(byCounter);
        return r != null ? r : c; // a reward naming the id is the more precise one
    }

    /** A read first: a delete of an absent key would still write a tombstone to the changelog. */
    private RewardEvent take(String key) {
        RewardEvent r = early.get(key);
        if (r != null) {
            early.delete(key);
        }
        return r;
    }

    private static String earlyKey(RewardEvent r) {
        return r.getStepId() != null && !r.getStepId().isBlank() ? "id\u0000" + r.getStepId()
                : "ctr\u0000" + counterKey(r.getTaskId(), r.getAgentId(), r.getStep());
    }

    static String counterKey(String task, String agent, Integer step) {
        return task + '\u0000' + agent + '\u0000' + step;
    }
}
