package dev.orbiter.train.verl.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a VeRL process's stdout and stderr on two daemon threads: metric lines (from either
 * stream: VeRL prints, loguru forks log to stderr) go to the sink as they arrive; the last
 * {@value #KEPT_LINES} stderr lines are kept for the failure message.
 */
final class ProcessOutput {

    static final int KEPT_LINES = 40;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessOutput.class);
    private static final long DRAIN_MILLIS = 10_000;

    private final Consumer<Map<String, Object>> sink;
    private final Deque<String> errorLines = new ArrayDeque<>();
    private final List<Map<String, Object>> metrics = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    ProcessOutput(Consumer<Map<String, Object>> sink) {
        this.sink = sink;
    }

    void follow(Process process) {
        readers.add(reader(process.getInputStream(), "verl-stdout-" + process.pid(), false));
        readers.add(reader(process.getErrorStream(), "verl-stderr-" + process.pid(), true));
        readers.forEach(Thread::start);
    }

    /** Waits for both streams to reach their end (the process has exited). */
    void drain() throws InterruptedException {
        for (Thread t : readers) {
            t.join(DRAIN_MILLIS);
        }
    }

    synchronized List<String> lastErrorLines() {
        return List.copyOf(errorLines);
    }

    synchronized List<Map<String, Object>> allMetrics() {
        return List.copyOf(metrics);
    }

    synchronized Map<String, Object> lastMetrics() {
        return metrics.isEmpty() ? Map.of() : metrics.get(metrics.size() - 1);
    }

    synchronized int lastStep() {
        Object step = lastMetrics().get("training/global_step");
        return step instanceof Number ? ((Number) step).intValue() : 0;
    }

    private Thread reader(InputStream in, String name, boolean stderr) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    onLine(line, stderr);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading VeRL " + (stderr ? "stderr" : "stdout"), e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private void onLine(String line, boolean stderr) {
        LOG.debug("verl {}> {}", stderr ? "err" : "out", line);
        if (stderr) {
            synchronized (this) {
                errorLines.addLast(line);
                if (errorLines.size() > KEPT_LINES) {
                    errorLines.removeFirst();
                }
            }
        }
        VerlConsole.parse(line).ifPresent(m -> {
            synchronized (this) {
                metrics.add(m);
            }
            sink.accept(m);
        });
    }
}
