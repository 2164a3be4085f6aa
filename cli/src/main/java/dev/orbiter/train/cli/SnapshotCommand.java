package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orbiter snapshot <dataset>}: a consistent cut of the dataset topic, named by its id. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Take a snapshot of a dataset (its committed end offsets).")
public final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "dataset name")
    String dataset;

    @Override
    public Integer call() {
        JsonNode s = connection.http().post(connection.streamProcessor() + "/v1/datasets/" + dataset + "/snapshots", "{}");
        System.out.printf("%s  %s  %,d records  offsets %s%n", s.path("snapshot_id").asText(), s.path("topic").asText(),
                s.path("item_count").asLong(), s.path("end_offsets"));
        return 0;
    }
}
