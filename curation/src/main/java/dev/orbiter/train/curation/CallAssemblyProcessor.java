package dev.orbiter.train.curation;

import dev.orbiter.train.avro.CallTask;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCopies;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns captured model calls (OTLP GenAI spans, gateway calls; key = task id) into steps on
 * {@code orbiter.steps}. A task's calls wait in {@link CurationNames#CALL_TASKS_STORE} until the
 * task has been quiet for {@code close-after}; then {@link CallAssembly#close} numbers them per
 * agent by start time, after the steps written before, so spans that arrive out of order or in
 * several requests, and calls through several gateway replicas, still get the right counters, and
 * a resent span is never a second step. All state is in changelogged stores (the counters move
 * with the partition); closing is on the wall clock, so a task closes even when no record follows.
 */
final class CallAssemblyProcessor extends ContextualProcessor<String, Incoming, String, TrajectoryStep> {

    private static final byte CLOSE = 'C';
    private static final byte EXPIRE = 'X';
    private static final int MAX_PER_PUNCTUATION = 10_000;

    private final CallAssemblySettings settings;
    private final Duration punctuateInterval;
    private KeyValueStore<String, CallTask> tasks;
    private KeyValueStore<String, Long> counts;
    private Timers timers;

    CallAssemblyProcessor(CallAssemblySettings settings, Duration punctuateInterval) {
        this.settings = settings;
        this.punctuateInterval = punctuateInterval;
    }

    @Override
    public void init(ProcessorContext<String, TrajectoryStep> context) {
        super.init(context);
        tasks = context.getStateStore(CurationNames.CALL_TASKS_STORE);
        counts = context.getStateStore(CurationNames.CALL_COUNTS_STORE);
        timers = new Timers(context.getStateStore(CurationNames.CALL_TIMERS_STORE));
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Incoming> record) {
        CapturedCall call = record.value().call();
        String task = call.getTaskId();
        CallTask state = tasks.get(task);
        if (state == null) {
            state = CallAssembly.empty();
        }
        Counts.add(counts, Counts.CALLS, 1);
        if (!CallAssembly.isNew(state, call)) {
            Counts.add(counts, Counts.CALL_REPEATS, 1);
            return;
        }
        long now = context().currentSystemTimeMs();
        state = CallAssembly.add(state, call);
        state = reschedule(task, state, EXPIRE, state.getExpireAt(), now + settings.retention().toMillis());
        if (CallAssembly.full(state)) {
            timers.cancel(CLOSE, state.getCloseAt(), task);
            tasks.put(task, state);
            close(task, now); // a burst: written now, in start order, rather than one state past Kafka's size limit
            return;
        }
        state = reschedule(task, state, CLOSE, state.getCloseAt(), now + settings.closeAfter().toMillis());
        tasks.put(task, state);
    }

    /** Moves a task's timer of one kind; the state records the deadline so the old timer can be cancelled. */
    private CallTask reschedule(String task, CallTask state, byte kind, long old, long at) {
        if (old > 0) {
            timers.cancel(kind, old, task);
        }
        timers.schedule(kind, at, task);
        return StepCopies.with(state, java.util.Map.of(kind == CLOSE ? "close_at" : "expire_at", at));
    }

    private void punctuate(long now) {
        for (Timers.Due due : timers.takeDue(CLOSE, now, MAX_PER_PUNCTUATION)) {
            close(due.id(), now);
        }
        for (Timers.Due due : timers.takeDue(EXPIRE, now, MAX_PER_PUNCTUATION)) {
            tasks.delete(due.id()); // quiet for the whole retention: nothing waits (close is due long before)
        }
    }

    private void close(String task, long now) {
        CallTask state = tasks.get(task);
        if (state == null || state.getPending().isEmpty()) {
            return;
        }
        CallAssembly.Closed closed = CallAssembly.close(state);
        for (TrajectoryStep step : closed.steps()) {
            context().forward(new Record<>(task, step, now));
        }
        Counts.add(counts, Counts.CALL_STEPS, closed.steps().size());
        if (closed.lateToolResults() > 0) {
            Counts.add(counts, Counts.LATE_TOOL_RESULTS, closed.lateToolResults());
        }
        tasks.put(task, closed.state());
    }
}
