package dev.orbiter.train.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A child process's output (stdout and stderr merged), copied line by line to a log file on a
 * daemon thread, and the first line that says it is ready: {@code ready} maps a line to a value
 * (the port it listens on, say) or to null. The future fails if the output ends first.
 */
final class ChildOutput {

    private ChildOutput() {
    }

    static <T> CompletableFuture<T> follow(Process p, Path log, Function<String, T> ready, String name) {
        CompletableFuture<T> readiness = new CompletableFuture<>();
        Thread reader = new Thread(() -> copy(p, log, ready, readiness, name), name + "-log");
        reader.setDaemon(true);
        reader.start();
        return readiness;
    }

    private static <T> void copy(Process p, Path log, Function<String, T> ready, CompletableFuture<T> readiness,
                                 String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                w.write(line);
                w.write('\n');
                T value = readiness.isDone() ? null : ready.apply(line);
                if (value != null) {
                    readiness.complete(value);
                }
            }
        } catch (IOException e) {
            readiness.completeExceptionally(e);
        }
        // the output ends just before the process does: report the exit code only once there is one
        readiness.completeExceptionally(new IllegalStateException(name + " stopped"
                + (p.isAlive() ? "" : " with exit code " + p.exitValue())));
    }
}
