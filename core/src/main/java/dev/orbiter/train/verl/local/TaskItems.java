package dev.orbiter.train.verl.local;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of one generated benchmark prompt: one per candidate, score 1 for the answer and 0
 * for the others, sharing a task and a {@code group_id}; metadata carries {@code ground_truth},
 * {@code data_source} and {@code split}, as VeRL's datasets do.
 */
final class TaskItems {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private TaskItems() {
    }

    static List<TrajectoryItem> of(String source, String taskPrefix, String split, int index, String prompt,
                                   List<String> options, String answer) {
        String task = taskPrefix + "-" + split + "-" + index;
        List<TrajectoryItem> out = new ArrayList<>(options.size());
        for (int j = 0; j < options.size(); j++) {
            String option = options.get(j);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put(Episodes.GROUP_ID, task);
            meta.put("ground_truth", answer);
            meta.put("data_source", source);
            meta.put("split", split);
            out.add(TrajectoryItem.builder().id(task + "-" + j).taskId(task).agentId("agent-" + j).step(0)
                    .timestamp(EPOCH.plusSeconds(index)).input(prompt).output(option)
                    .score(option.equals(answer) ? 1.0 : 0.0).status("success").metadata(meta).build());
        }
        return out;
    }
}
