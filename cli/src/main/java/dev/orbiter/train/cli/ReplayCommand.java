package dev.orbiter.train.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orbiter replay <dataset> --to v2 [--from TIME] [--set min-score=0.8]}: re-curate into a new dataset version. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-curate a dataset from orbiter.steps into a new version (the old one stays as it is).")
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "the dataset whose settings are replayed")
    String dataset;

    @Option(names = "--to", required = true, description = "v<N> (topic orbiter.dataset.<dataset>.v<N>) or a new dataset name")
    String target;

    @Option(names = "--from", description = "only steps written at or after this moment (ISO-8601)")
    String from;

    @Option(names = "--set", description = "override a dataset setting, e.g. --set min-score=0.8 (repeatable)")
    List<String> sets;

    @Option(names = "--work-dir", defaultValue = ".orbiter/replay", description = "state of the replay's topology")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Replay.Result r = Replay.run(connection, dataset, target, from, Replay.overrides(sets), workDir);
        System.out.printf("replayed %s into %s in %.1f s: %s%n", dataset, r.topic(), r.seconds(), r.counts());
        return 0;
    }
}
