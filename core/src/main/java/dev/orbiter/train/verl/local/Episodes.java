package dev.orbiter.train.verl.local;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.PromptGroups;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns curated items into what the LOCAL trainer learns from: groups of candidate responses to
 * one prompt, and episodes (a task's groups in step order, for returns and GAE).
 *
 * <p>Items share a group when they have the same {@code metadata.group_id}, else the same
 * {@code input}. A group belongs to the task its items share; groups whose items disagree on the
 * task form an episode of their own. Identical responses in a group are merged (mean reward).
 */
public final class Episodes {

    /** The metadata key that names an item's group ({@link PromptGroups#GROUP_ID}). */
    public static final String GROUP_ID = PromptGroups.GROUP_ID;

    /**
     * One prompt, its distinct candidate responses, their rewards, the pairs as the policy's
     * model reads them and the critic's prompt features.
     */
    public record Group(String key, String taskId, int step, String prompt, List<String> responses,
                        double[] rewards, PolicyModel.Encoded input, int[] promptFeatures) {

        /** The highest reward in the group. */
        public double bestReward() {
            double best = Double.NEGATIVE_INFINITY;
            for (double r : rewards) {
                best = Math.max(best, r);
            }
            return best;
        }
    }

    /** One task's groups in step order. */
    public record Episode(String taskId, List<Group> steps) {
    }

    private Episodes() {
    }

    /**
     * Groups the items in first-seen order, read as {@code policy}'s scorer and critic read them;
     * rewards from {@code reward}, else the item's score.
     */
    public static List<Group> groups(List<TrajectoryItem> items, RewardFunction reward, LocalPolicy policy) {
        Map<String, List<TrajectoryItem>> byKey = new LinkedHashMap<>();
        for (TrajectoryItem item : items) {
            byKey.computeIfAbsent(groupKey(item), k -> new ArrayList<>()).add(item);
        }
        List<Group> groups = new ArrayList<>(byKey.size());
        byKey.forEach((key, members) -> groups.add(group(key, members, reward, policy)));
        return groups;
    }

    /** Groups, then episodes: groups of one task ordered by step; tasks in first-seen order. */
    public static List<Episode> episodes(List<Group> groups) {
        Map<String, List<Group>> byTask = new LinkedHashMap<>();
        for (Group g : groups) {
            String task = g.taskId().isEmpty() ? "group:" + g.key() : "task:" + g.taskId();
            byTask.computeIfAbsent(task, k -> new ArrayList<>()).add(g);
        }
        List<Episode> episodes = new ArrayList<>(byTask.size());
        byTask.forEach((task, steps) -> {
            steps.sort(Comparator.comparingInt(Group::step));
            episodes.add(new Episode(task, List.copyOf(steps)));
        });
        return episodes;
    }

    /** The key that puts items in one group ({@link PromptGroups#key(TrajectoryItem)}). */
    public static String groupKey(TrajectoryItem item) {
        return PromptGroups.key(item);
    }

    static String prompt(TrajectoryItem item) {
        return item.input() == null ? "" : item.input();
    }

    private static Group group(String key, List<TrajectoryItem> members, RewardFunction reward, LocalPolicy policy) {
        Map<String, double[]> byResponse = new LinkedHashMap<>(); // sum, count
        String task = members.get(0).taskId() == null ? "" : members.get(0).taskId();
        int step = Integer.MAX_VALUE;
        for (TrajectoryItem m : members) {
            String response = m.output() == null ? "" : m.output();
            double r = rewardOf(m, reward);
            double[] acc = byResponse.computeIfAbsent(response, k -> new double[2]);
            acc[0] += r;
            acc[1] += 1;
            if (!Objects.equals(task, m.taskId() == null ? "" : m.taskId())) {
                task = "";
            }
            step = Math.min(step, m.step());
        }
        String prompt = prompt(members.get(0));
        List<String> responses = List.copyOf(byResponse.keySet());
        double[] rewards = new double[responses.size()];
        for (int i = 0; i < rewards.length; i++) {
            double[] acc = byResponse.get(responses.get(i));
            rewards[i] = acc[0] / acc[1];
        }
        return new Group(key, task, step, prompt, responses, rewards, policy.model().encode(prompt, responses),
                policy.hasher().promptFeatures(prompt));
    }

    private static double rewardOf(TrajectoryItem item, RewardFunction reward) {
        double r;
        if (reward != null) {
            r = reward.score(item);
        } else if (item.score() != null) {
            r = item.score();
        } else {
            throw new TrainerError("item " + item.id() + " has no score and the job has no reward function");
        }
        if (!Double.isFinite(r)) {
            throw new TrainerError("item " + item.id() + " has a non-finite reward " + r);
        }
        return r;
    }
}
