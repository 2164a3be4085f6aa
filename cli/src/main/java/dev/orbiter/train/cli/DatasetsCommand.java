package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orbiter datasets}: every dataset with its counters, from the stream-processor. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "List the datasets with their counters.")
public final class DatasetsCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Override
    public Integer call() {
        JsonNode all = connection.http().get(connection.streamProcessor() + "/v1/datasets");
        System.out.printf("%-20s %-32s %9s %9s %9s %9s %9s %9s%n", "dataset", "topic", "seen", "emitted", "filtered",
                "low score", "dups", "near dups");
        for (JsonNode d : all.path("datasets")) {
            JsonNode c = d.path("counts");
            System.out.printf("%-20s %-32s %,9d %,9d %,9d %,9d %,9d %,9d%n", d.path("name").asText(), d.path("topic").asText(),
                    c.path("seen").asLong(), c.path("emitted").asLong(), c.path("filtered").asLong(),
                    c.path("below_min_score").asLong(), c.path("duplicates").asLong(), c.path("near_duplicates").asLong());
        }
        JsonNode s = all.path("shared");
        if (s.isMissingNode()) { // counted across tenants: shown to admin keys only
            return 0;
        }
        System.out.printf("steps %,d, repeated ids %,d, rewards %,d (late %,d), dead letters %,d%n", s.path("steps").asLong(),
                s.path("duplicate_ids").asLong(), s.path("rewards").asLong(), s.path("rewards_joined").asLong(),
                s.path("dead_letters_steps").asLong() + s.path("dead_letters_rewards").asLong());
        return 0;
    }
}
