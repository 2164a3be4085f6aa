package dev.orbiter.train.capture.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.CapturedCallKind;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenTelemetry GenAI spans (semantic conventions v1.38.0) as captured calls and rewards:
 * <ul>
 *   <li>{@code gen_ai.operation.name} = {@code chat}, {@code text_completion} or
 *       {@code generate_content} (or no operation but the older {@code gen_ai.prompt} /
 *       {@code gen_ai.completion} content): a model call, whose step id is
 *       {@code otel-<trace id>-<span id>}, so a span sent twice is one step;</li>
 *   <li>{@code execute_tool}: a tool result for the call that asked for it;</li>
 *   <li>a {@code gen_ai.evaluation.result} event with {@code gen_ai.evaluation.score.value}: a
 *       reward for the model call it is on (or that its span's parent is).</li>
 * </ul>
 * Task = {@code gen_ai.conversation.id}, else the trace id; agent = {@code gen_ai.agent.name},
 * else {@code gen_ai.agent.id}, else the resource's {@code service.name}; both looked up on the
 * span and then on its ancestors in the same request. Spans without GenAI attributes are ignored.
 */
public final class GenAiSpans {

    static final Set<String> MODEL_OPERATIONS = Set.of("chat", "text_completion", "generate_content");
    static final String EVALUATION = "gen_ai.evaluation.result";
    /** Content attributes: carried as the step's messages, not copied into its metadata. */
    private static final Set<String> CONTENT = Set.of("gen_ai.input.messages", "gen_ai.output.messages",
            "gen_ai.system_instructions", "gen_ai.prompt", "gen_ai.completion", "gen_ai.tool.call.result",
            "gen_ai.tool.call.arguments", "gen_ai.tool.definitions");

    /** What one export request gives: calls for the assembly, rewards, and the spans not taken. */
    public record Mapped(List<CapturedCall> calls, List<RewardEvent> rewards, int ignored, List<String> rejected) {
    }

    private final GenAiMessages messages;

    public GenAiSpans(ObjectMapper mapper) {
        this.messages = new GenAiMessages(mapper);
    }

    public Mapped map(List<OtlpSpan> spans, String tenant) {
        Map<String, OtlpSpan> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.spanId(), s));
        List<CapturedCall> calls = new ArrayList<>();
        List<RewardEvent> rewards = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        int ignored = 0;
        for (OtlpSpan s : spans) {
            String kind = kind(s);
            boolean evaluated = s.events().stream().anyMatch(e -> e.name().equals(EVALUATION));
            if (kind == null && !evaluated) {
                ignored++;
                continue;
            }
            try {
                checkIds(s);
                if ("model".equals(kind)) {
                    calls.add(modelCall(s, byId, tenant));
                } else if ("tool".equals(kind) && s.attributes().containsKey("gen_ai.tool.call.result")) {
                    calls.add(toolResult(s, byId));
                }
                if (evaluated) {
                    rewards.addAll(rewards(s, "model".equals(kind), byId, tenant));
                }
            } catch (IllegalArgumentException e) {
                rejected.add("span " + s.spanId() + " (" + s.name() + "): " + e.getMessage());
            }
        }
        return new Mapped(calls, rewards, ignored, rejected);
    }

    /** {@code model}, {@code tool}, {@code other} (a GenAI span that is neither), or null (not GenAI). */
    static String kind(OtlpSpan s) {
        String op = s.text("gen_ai.operation.name");
        if (op != null) {
            return MODEL_OPERATIONS.contains(op) ? "model" : op.equals("execute_tool") ? "tool" : "other";
        }
        boolean legacy = s.attributes().keySet().stream().anyMatch(k -> k.startsWith("gen_ai.prompt")
                || k.startsWith("gen_ai.completion")) || s.events().stream().anyMatch(e -> e.name().startsWith("gen_ai.content."));
        return legacy ? "model" : null;
    }

    private static void checkIds(OtlpSpan s) {
        if (s.traceId().length() != 32 || s.traceId().chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("trace id must be 16 bytes, not all zero");
        }
        if (s.spanId().length() != 16 || s.spanId().chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("span id must be 8 bytes, not all zero");
        }
    }

    static String stepId(OtlpSpan s) {
        return "otel-" + s.traceId() + "-" + s.spanId();
    }

    private CapturedCall modelCall(OtlpSpan s, Map<String, OtlpSpan> byId, String tenant) {
        List<Map<String, Object>> input;
        List<Map<String, Object>> output;
        try {
            input = messages.input(s);
            output = messages.output(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its messages " + e.getMessage());
        }
        List<Map<String, Object>> all = new ArrayList<>(input);
        all.addAll(output);
        Map<String, Object> answer = output.isEmpty() ? Map.of() : output.get(output.size() - 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tools = (List<Map<String, Object>>) answer.getOrDefault("tool_calls", List.of());
        TrajectoryItem item = TrajectoryItem.builder().id(stepId(s)).taskId(task(s, byId)).agentId(agent(s, byId))
                .step(0).timestamp(instant(s.endNanos() > 0 ? s.endNanos() : s.startNanos()))
                .input(lastText(input, "user")).output(String.valueOf(answer.getOrDefault("content", "")))
                .messages(all).toolCalls(tools).metadata(metadata(s)).build();
        return CapturedCall.newBuilder().setId(item.id()).setKind(CapturedCallKind.MODEL_CALL).setTaskId(item.taskId())
                .setAgentId(item.agentId()).setStartTime(instant(s.startNanos()))
                .setStep(StepCodec.toStep(item, "otlp", tenant)).build();
    }

    private static CapturedCall toolResult(OtlpSpan s, Map<String, OtlpSpan> byId) {
        return CapturedCall.newBuilder().setId(stepId(s)).setKind(CapturedCallKind.TOOL_RESULT)
                .setTaskId(task(s, byId)).setAgentId(agent(s, byId)).setStartTime(instant(s.startNanos()))
                .setToolCallId(s.text("gen_ai.tool.call.id")).setToolName(s.text("gen_ai.tool.name"))
                .setToolResult(s.text("gen_ai.tool.call.result")).build();
    }

    /** Evaluation events on a model call (or on a span whose parent is one) reward that call's step. */
    private static List<RewardEvent> rewards(OtlpSpan s, boolean modelCall, Map<String, OtlpSpan> byId, String tenant) {
        List<RewardEvent> out = new ArrayList<>();
        OtlpSpan target = modelCall ? s : byId.get(s.parentSpanId());
        int i = 0;
        for (OtlpSpan.Event e : s.events()) {
            i++;
            if (!e.name().equals(EVALUATION)) {
                continue;
            }
            if (target == null || target != s && !"model".equals(kind(target))) {
                throw new IllegalArgumentException("its evaluation event is not on a model call span, nor on a child of one");
            }
            Object score = e.attributes().get("gen_ai.evaluation.score.value");
            if (!(score instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException("its evaluation event has no finite gen_ai.evaluation.score.value");
            }
            Object name = e.attributes().getOrDefault("gen_ai.evaluation.name", "evaluation");
            Object why = e.attributes().get("gen_ai.evaluation.explanation");
            out.add(RewardEvent.newBuilder().setId(stepId(s) + "-eval-" + i).setStepId(stepId(target))
                    .setTaskId(task(target, byId)).setValue(n.doubleValue()).setSource("otel:" + name)
                    .setReason(why == null ? null : why.toString()).setTimestamp(instant(e.timeNanos()))
                    .setTenant(tenant).build());
        }
        return out;
    }

    private static String task(OtlpSpan s, Map<String, OtlpSpan> byId) {
        String conversation = inherited(s, byId, "gen_ai.conversation.id");
        return conversation != null ? conversation : s.traceId();
    }

    private static String agent(OtlpSpan s, Map<String, OtlpSpan> byId) {
        String name = inherited(s, byId, "gen_ai.agent.name");
        name = name != null ? name : inherited(s, byId, "gen_ai.agent.id");
        Object service = s.resource().get("service.name");
        return name != null ? name : service == null ? "" : service.toString();
    }

    /** The attribute on the span or its nearest ancestor in the request that has it. */
    private static String inherited(OtlpSpan s, Map<String, OtlpSpan> byId, String attribute) {
        OtlpSpan at = s;
        for (int depth = 0; at != null && depth < 64; depth++) {
            String v = at.text(attribute);
            if (v != null && !v.isBlank()) {
                return v;
            }
            at = byId.get(at.parentSpanId());
        }
        return null;
    }

    /** Every {@code gen_ai.*} attribute but the content, under its own name, and where the span came from. */
    private static Map<String, Object> metadata(OtlpSpan s) {
        Map<String, Object> m = new LinkedHashMap<>();
        s.attributes().forEach((k, v) -> {
            if (k.startsWith("gen_ai.") && !CONTENT.contains(k) && !k.matches("gen_ai\\.(prompt|completion)\\..*")) {
                m.put(k, v);
            }
        });
        m.put("otel.trace_id", s.traceId());
        m.put("otel.span_id", s.spanId());
        m.put("otel.span_name", s.name());
        if (s.endNanos() > s.startNanos()) {
            m.put("latency_ms", (s.endNanos() - s.startNanos()) / 1e6);
        }
        return m;
    }

    private static String lastText(List<Map<String, Object>> messages, String role) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (role.equals(messages.get(i).get("role")) && messages.get(i).get("content") != null) {
                return messages.get(i).get("content").toString();
            }
        }
        return "";
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
