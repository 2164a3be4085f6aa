package dev.orbiter.train.trajectory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Multi-turn episodes: the steps one agent took in one task, in step order, as one item that
 * carries the whole conversation (with tool calls and tool results), the per-step rewards and the
 * episode's reward by a rule. What agent RL trains on, where a step is one turn.
 */
public final class Episodes {

    /** Metadata keys of an episode item. */
    public static final String STEPS = "episode_steps";
    public static final String STEP_IDS = "episode_step_ids";
    public static final String STEP_REWARDS = "episode_step_rewards";
    public static final String RULE = "episode_reward";

    /** How the episode's reward follows from its steps' rewards (steps without a reward are left out). */
    public enum Reward {
        /** The last rewarded step's: the outcome reward of the whole episode. */
        LAST,
        /** The sum: a return, for per-step shaped rewards. */
        SUM,
        /** The mean over rewarded steps. */
        MEAN;

        /** {@code last}, {@code sum} or {@code mean}, any case. */
        public static Reward parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("episode reward must be one of [last, sum, mean], got '" + text + "'");
            }
        }
    }

    private Episodes() {
    }

    /** The id an episode of this task and agent has, whatever its steps: updates replace it. */
    public static String id(String taskId, String agentId) {
        return "episode-" + taskId + "-" + agentId;
    }

    /**
     * The episode of {@code steps} (one task and agent, any order): input of the first step,
     * output and status of the last, the conversation, every tool call, the reward by {@code rule}.
     */
    public static TrajectoryItem assemble(List<TrajectoryItem> steps, Reward rule) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an episode needs at least one step");
        }
        List<TrajectoryItem> ordered = new ArrayList<>(steps);
        ordered.sort(Comparator.comparingInt(TrajectoryItem::step).thenComparing(TrajectoryItem::timestamp));
        TrajectoryItem first = ordered.get(0);
        TrajectoryItem last = ordered.get(ordered.size() - 1);
        List<Map<String, Object>> toolCalls = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        for (TrajectoryItem s : ordered) {
            toolCalls.addAll(s.toolCalls());
            ids.add(s.id());
            rewards.add(s.score());
        }
        Map<String, Object> metadata = new LinkedHashMap<>(first.metadata());
        metadata.put(STEPS, (long) ordered.size());
        metadata.put(STEP_IDS, ids);
        metadata.put(STEP_REWARDS, rewards);
        metadata.put(RULE, rule.name().toLowerCase(Locale.ROOT));
        return TrajectoryItem.builder().id(id(first.taskId(), first.agentId())).taskId(first.taskId())
                .agentId(first.agentId()).step(last.step()).timestamp(last.timestamp()).input(first.input())
                .messages(conversation(ordered)).context(first.context()).output(last.output()).toolCalls(toolCalls)
                .score(reward(rewards, rule)).status(last.status()).metadata(metadata).build();
    }

    /**
     * The conversation: a step whose messages repeat the whole conversation so far (what a chat API
     * is sent each turn) replaces it; other steps' messages are appended; a step without messages
     * adds its input as a user turn and its output as an assistant turn.
     */
    static List<Map<String, Object>> conversation(List<TrajectoryItem> ordered) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrajectoryItem s : ordered) {
            List<Map<String, Object>> own = s.messages().isEmpty() ? turn(s) : withAnswer(s);
            if (startsWith(own, out)) {
                out = new ArrayList<>(own);
            } else {
                out.addAll(own);
            }
        }
        return out;
    }

    /** A step's messages, with its output as the assistant's answer when the messages end before it. */
    private static List<Map<String, Object>> withAnswer(TrajectoryItem s) {
        List<Map<String, Object>> m = new ArrayList<>(s.messages());
        Map<String, Object> tail = m.get(m.size() - 1);
        if (!"assistant".equals(tail.get("role")) && !s.output().isEmpty()) {
            m.add(message("assistant", s.output()));
        }
        return m;
    }

    private static List<Map<String, Object>> turn(TrajectoryItem s) {
        List<Map<String, Object>> m = new ArrayList<>();
        if (!s.input().isEmpty()) {
            m.add(message("user", s.input()));
        }
        if (!s.output().isEmpty()) {
            m.add(message("assistant", s.output()));
        }
        return m;
    }

    private static boolean startsWith(List<Map<String, Object>> list, List<Map<String, Object>> prefix) {
        if (prefix.isEmpty() || prefix.size() > list.size()) {
            return prefix.isEmpty();
        }
        for (int i = 0; i < prefix.size(); i++) {
            Map<String, Object> a = list.get(i);
            Map<String, Object> b = prefix.get(i);
            if (!Objects.equals(a.get("role"), b.get("role")) || !Objects.equals(a.get("content"), b.get("content"))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    private static Double reward(List<Double> rewards, Reward rule) {
        List<Double> known = rewards.stream().filter(Objects::nonNull).toList();
        if (known.isEmpty()) {
            return null;
        }
        double sum = known.stream().mapToDouble(Double::doubleValue).sum();
        return switch (rule) {
            case LAST -> known.get(known.size() - 1);
            case SUM -> sum;
            case MEAN -> sum / known.size();
        };
    }
}
