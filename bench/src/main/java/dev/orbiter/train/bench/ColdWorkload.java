package dev.orbiter.train.bench;

import dev.orbiter.train.synthesis.SynthesisPipeline;
import dev.orbiter.train.trajectory.TrajectoryDataset;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One workload of the core library, as a user's short program runs it: in a JVM of its own, from
 * {@code main} to exit. {@link ColdStart} starts it and times the whole process. The workloads
 * are those the performance issue compares with the Python package: the curation pipeline on
 * 1,000,000 items, and 200,000 {@code fromMessages}, {@code toJson}, {@code toCsv} and
 * {@code SynthesisPipeline.run}.
 */
public final class ColdWorkload {

    static final List<String> NAMES = List.of("pipeline", "from-messages", "to-json", "to-csv", "synthesis");

    private ColdWorkload() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        long result = run(args[0], size);
        System.out.println(args[0] + " " + result); // the work's result, printed so no step can be optimised away
    }

    /** Runs the named workload ({@code size} 0: the size); returns a count that depends on all of its work. */
    static long run(String name, int size) throws Exception {
        return switch (name) {
            case "pipeline" -> {
                Path out = Files.createTempFile("cold-pipeline", ".jsonl");
                try {
                    yield PipelineBenchmark.run(Items.generate(size > 0 ? size : 1_000_000, 42), out);
                } finally {
                    Files.deleteIfExists(out);
                }
            }
            case "from-messages" -> messages(size).size();
            case "to-json" -> messages(size).toJson().length();
            case "to-csv" -> messages(size).toCsv().length();
            case "synthesis" -> new SynthesisPipeline().run(Items.generate(size > 0 ? size : 200_000, 42)).items().size();
            default -> throw new IllegalArgumentException("unknown workload " + name + "; one of " + NAMES);
        };
    }

    /** 200,000 chats of two turns over 1,000 tasks, through {@code fromMessages} into a dataset. */
    private static TrajectoryDataset messages(int size) {
        TrajectoryDataset ds = new TrajectoryDataset();
        int n = size > 0 ? size : 200_000;
        for (int i = 0; i < n; i++) {
            List<Map<String, Object>> chat = List.of(Map.of("role", "user", "content", "What is " + i + " + " + (i % 97) + "?"),
                    Map.of("role", "assistant", "content", "The answer is " + (i + i % 97) + "."));
            TrajectoryItem item = ds.fromMessages(chat, "task-" + (i % 1000), "agent-" + (i % 7), Map.of("score", (i % 10) / 10.0));
            ds.appendTrajectory(item);
        }
        return ds;
    }
}
