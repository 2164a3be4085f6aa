package dev.orbiter.train.curation;

import dev.orbiter.train.avro.CallTask;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.CapturedCallKind;
import dev.orbiter.train.avro.ChatMessage;
import dev.orbiter.train.avro.ToolCall;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCopies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the call assembly, on one task's state and without Kafka (so they are tested
 * directly): a call is kept until its task goes quiet, a call seen before is dropped, and closing
 * numbers the waiting model calls per agent in start-time order, after the steps already written,
 * with every tool result attached to the model call that asked for it. Records are copied with
 * {@link StepCopies}, not the generated builders (see there why).
 */
final class CallAssembly {

    /**
     * Most calls a task holds before it closes anyway: a burst (an agent calling in a loop) is
     * written in pieces rather than growing one state record past Kafka's message size.
     */
    static final int MAX_PENDING = 256;
    /** The same by size: about half of Kafka's default 1 MB message, measured on the text the calls carry. */
    static final int MAX_PENDING_BYTES = 512 * 1024;
    /**
     * Most ids of written calls remembered per task (the newest): a call resent after that many
     * later ones gets a new counter and is then dropped as a repeated step id by the reward join.
     */
    static final int MAX_EMITTED = 2_048;

    private static final Comparator<CapturedCall> BY_START = Comparator.comparingLong(
            (CapturedCall c) -> c.getStartTime().getEpochSecond() * 1_000_000L + c.getStartTime().getNano() / 1_000)
            .thenComparing(CapturedCall::getId);

    /** What closing a task wrote: its steps in order, and the tool results whose caller was written earlier. */
    record Closed(List<TrajectoryStep> steps, int lateToolResults, CallTask state) {
    }

    private CallAssembly() {
    }

    static CallTask empty() {
        return CallTask.newBuilder().setNextStep(new HashMap<>()).setEmitted(new ArrayList<>())
                .setPending(new ArrayList<>()).setCloseAt(0).setExpireAt(0).build();
    }

    /** Whether the call is new to this task (not written as a step, not waiting already). */
    static boolean isNew(CallTask task, CapturedCall call) {
        if (task.getEmitted().contains(call.getId())) {
            return false;
        }
        for (CapturedCall p : task.getPending()) {
            if (p.getId().equals(call.getId())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the task holds as many calls, or as much text, as it may: close it now. */
    static boolean full(CallTask task) {
        if (task.getPending().size() >= MAX_PENDING) {
            return true;
        }
        long bytes = 0;
        for (CapturedCall c : task.getPending()) {
            bytes += approxBytes(c);
        }
        return bytes >= MAX_PENDING_BYTES;
    }

    /** About what the call takes in the state record: its texts (UTF-16 length, close enough) plus the fixed fields. */
    static long approxBytes(CapturedCall c) {
        long n = 128 + c.getId().length() + (c.getToolResult() == null ? 0 : c.getToolResult().length());
        TrajectoryStep s = c.getStep();
        if (s != null) {
            n += s.getInput().length() + s.getOutput().length() + 64L * s.getMetadata().size();
            for (ChatMessage m : s.getMessages()) {
                n += 32 + (m.getContent() == null ? 0 : m.getContent().length());
                for (ToolCall t : m.getToolCalls()) {
                    n += 32 + t.getArguments().length();
                }
            }
            for (Object v : s.getMetadata().values()) {
                n += v == null ? 0 : v.toString().length();
            }
        }
        return n;
    }

    /** The task with the call waiting; the caller checked {@link #isNew}. */
    static CallTask add(CallTask task, CapturedCall call) {
        List<CapturedCall> pending = new ArrayList<>(task.getPending());
        pending.add(call);
        return StepCopies.with(task, Map.of("pending", pending));
    }

    /** Numbers and writes every waiting model call; tool results go into their caller's messages. */
    static Closed close(CallTask task) {
        List<CapturedCall> pending = new ArrayList<>(task.getPending());
        pending.sort(BY_START);
        List<CapturedCall> calls = new ArrayList<>();
        List<CapturedCall> results = new ArrayList<>();
        for (CapturedCall c : pending) {
            (c.getKind() == CapturedCallKind.MODEL_CALL && c.getStep() != null ? calls : results).add(c);
        }
        Map<String, List<ChatMessage>> answers = new LinkedHashMap<>();
        int late = 0;
        for (CapturedCall r : results) {
            CapturedCall caller = caller(calls, r);
            if (caller == null) {
                late++;
            } else {
                answers.computeIfAbsent(caller.getId(), k -> new ArrayList<>()).add(toolMessage(r));
            }
        }
        Map<String, Integer> next = new HashMap<>(task.getNextStep());
        List<String> emitted = new ArrayList<>(task.getEmitted());
        List<TrajectoryStep> steps = new ArrayList<>(calls.size());
        for (CapturedCall c : calls) {
            TrajectoryStep s = c.getStep();
            int n = next.getOrDefault(s.getAgentId(), 0);
            next.put(s.getAgentId(), n + 1);
            List<ChatMessage> messages = new ArrayList<>(s.getMessages());
            messages.addAll(answers.getOrDefault(c.getId(), List.of()));
            steps.add(StepCopies.with(s, Map.of("step", n, "messages", messages)));
            emitted.add(c.getId());
        }
        for (CapturedCall r : results) {
            emitted.add(r.getId()); // a resent tool span is not attached twice, nor counted late again
        }
        if (emitted.size() > MAX_EMITTED) {
            emitted = new ArrayList<>(emitted.subList(emitted.size() - MAX_EMITTED, emitted.size()));
        }
        CallTask state = StepCopies.with(task, Map.of("next_step", next, "emitted", emitted, "pending", new ArrayList<>(),
                "close_at", 0L));
        return new Closed(steps, late, state);
    }

    /**
     * The model call a tool result answers: the one whose tool calls carry its call id; else the
     * latest call started before the tool that asked for a tool of that name; else the latest call
     * started before it (instrumentations that record neither id nor name).
     */
    private static CapturedCall caller(List<CapturedCall> calls, CapturedCall result) {
        if (result.getToolCallId() != null && !result.getToolCallId().isEmpty()) {
            for (CapturedCall c : calls) {
                if (requested(c.getStep()).contains("id:" + result.getToolCallId())) {
                    return c;
                }
            }
        }
        CapturedCall byName = null;
        CapturedCall before = null;
        for (CapturedCall c : calls) {
            if (BY_START.compare(c, result) > 0) {
                break;
            }
            before = c;
            if (result.getToolName() != null && requested(c.getStep()).contains("name:" + result.getToolName())) {
                byName = c;
            }
        }
        return byName != null ? byName : before;
    }

    /** The ids and names of the tool calls a step asked for ({@code id:} and {@code name:} prefixed). */
    private static Set<String> requested(TrajectoryStep step) {
        Set<String> out = new HashSet<>();
        List<ToolCall> all = new ArrayList<>(step.getToolCalls());
        step.getMessages().forEach(m -> all.addAll(m.getToolCalls()));
        for (ToolCall t : all) {
            out.add("id:" + t.getId());
            out.add("name:" + t.getName());
        }
        return out;
    }

    private static ChatMessage toolMessage(CapturedCall r) {
        return ChatMessage.newBuilder().setRole("tool").setContent(r.getToolResult() == null ? "" : r.getToolResult())
                .setName(r.getToolName()).setToolCallId(r.getToolCallId()).setToolCalls(List.of()).setExtra(Map.of())
                .build();
    }
}
