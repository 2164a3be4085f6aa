package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orbiter snapshot <dataset>}: freezes the dataset's current items into a version that never changes. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Take a snapshot of a dataset: its committed items frozen into a topic of their own.")
public final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "dataset name")
    String dataset;

    @Override
    public Integer call() {
        JsonNode s = connection.http().post(connection.streamProcessor() + "/v1/datasets/" + dataset + "/snapshots", "{}");
        System.out.printf("%s  %,d items  %s  in %s%n", s.path("snapshot_id").asText(), s.path("item_count").asLong(),
                s.path("digest").asText(), s.path("storage_topic").asText());
        return 0;
    }
}
