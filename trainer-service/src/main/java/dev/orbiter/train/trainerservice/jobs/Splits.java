package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.trajectory.PromptGroups;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Train / held-out splits that keep a prompt's candidates together (items of one group, i.e.
 * {@code metadata.group_id} else the same input): splitting single items would leak a prompt into
 * both sides and let evaluation measure memory. Seeded, so a job's split is reproducible.
 */
public final class Splits {

    /** The two sides. */
    public record Split(List<TrajectoryItem> train, List<TrajectoryItem> test) {
    }

    private Splits() {
    }

    public static Split byGroup(List<TrajectoryItem> items, double testRatio, long seed) {
        Map<String, List<TrajectoryItem>> groups = new LinkedHashMap<>();
        for (TrajectoryItem item : items) {
            groups.computeIfAbsent(PromptGroups.key(item), k -> new ArrayList<>()).add(item);
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        Collections.shuffle(keys, new Random(seed));
        int test = testRatio <= 0 || keys.size() < 2 ? 0
                : Math.min(keys.size() - 1, Math.max(1, (int) Math.round(testRatio * keys.size())));
        List<TrajectoryItem> testItems = new ArrayList<>();
        List<TrajectoryItem> trainItems = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            (i < test ? testItems : trainItems).addAll(groups.get(keys.get(i)));
        }
        return new Split(trainItems, testItems);
    }
}
