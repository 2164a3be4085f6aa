package dev.orbiter.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One process of the local stack: started with its log in a file, ready when a probe says so, stopped by its PID. */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path dir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            return new ChildProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new CliException("cannot start " + name + ": " + e.getMessage(), 1);
        }
    }

    /**
     * Waits until {@code ready} holds; fails with the log's tail if the process dies or the time
     * runs out, and then stops it: a caller that gets no handle cannot stop it.
     */
    ChildProcess awaitReady(BooleanSupplier ready, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = name + (process.isAlive() ? " did not become ready in " + seconds + " s"
                        : " exited with " + process.exitValue()) + "; last lines of " + log + ":\n" + tail();
                close();
                throw new CliException(why, 1);
            }
            try {
                Thread.sleep(250); // polling a health endpoint
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new CliException("interrupted", 130);
            }
        }
        return this;
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new CliException(name + " did not finish in " + seconds + " s; see " + log, 1);
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed cleanly (crash tests). */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (a clean shutdown), then SIGKILL after 20 s; children of the process too. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
