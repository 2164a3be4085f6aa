package dev.orbiter.train.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code orbiter} command line: every subcommand, {@code --help} everywhere, exit codes that mean something. */
@Command(name = "orbiter", mixinStandardHelpOptions = true, version = "orbiter 0.1.0",
        description = "Capture agent steps, curate datasets, train on them: the Orbiter Train command line.",
        subcommands = {EmitCommand.class, TailCommand.class, DatasetsCommand.class, SnapshotCommand.class,
                ExportCommand.class, ReplayCommand.class, JobsCommand.class, DevCommand.class, DemoCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 bad usage or input, 3 platform unreachable, 4 unauthorized."})
public final class Orbiter implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line; returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Orbiter());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                cmd.getErr().println("orbiter: " + c.getMessage());
                return c.exitCode();
            }
            cmd.getErr().println("orbiter: " + e);
            return 1;
        });
        return cli.execute(args);
    }
}
