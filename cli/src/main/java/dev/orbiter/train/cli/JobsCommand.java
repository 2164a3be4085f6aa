package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orbiter jobs submit|list|cancel}: training jobs on the trainer service. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Submit, list and cancel training jobs.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.List.class, JobsCommand.Cancel.class})
public final class JobsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Submit a job (JSON as in POST /v1/jobs).")
    static final class Submit implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--file", description = "the job's JSON")
        Path file;

        @Option(names = "--kind", description = "verl, evolution or synthesis (without --file)")
        String kind;

        @Option(names = "--dataset", description = "dataset name (without --file)")
        String dataset;

        @Option(names = "--snapshot", description = "snapshot id (default: one taken when the job starts)")
        String snapshot;

        @Override
        public Integer call() throws Exception {
            String body;
            if (file != null) {
                body = Files.readString(file);
            } else if (kind != null && dataset != null) {
                body = Http.JSON.writeValueAsString(snapshot == null ? java.util.Map.of("kind", kind, "dataset", dataset)
                        : java.util.Map.of("kind", kind, "dataset", dataset, "snapshot_id", snapshot));
            } else {
                throw new CliException("give --file, or --kind and --dataset", 2);
            }
            JsonNode r = connection.http().post(connection.trainer() + "/v1/jobs", body);
            System.out.println(r.path("job_id").asText());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs with their states.")
    static final class List implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            for (JsonNode j : connection.http().get(connection.trainer() + "/v1/jobs")) {
                System.out.printf("%-32s %-10s %-14s %-10s %s%n", j.path("job_id").asText(), j.path("kind").asText(),
                        j.path("dataset").asText(), j.path("state").asText(), j.path("message").asText(""));
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running job.")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Parameters(index = "0", description = "job id")
        String id;

        @Override
        public Integer call() {
            connection.http().post(connection.trainer() + "/v1/jobs/" + id + "/cancel", "{}");
            System.out.println("cancelling " + id);
            return 0;
        }
    }
}
