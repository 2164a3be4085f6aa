package dev.orbiter.train.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The curation topology in a JVM of its own ({@code CurationRunner} on this JVM's classpath), as
 * it runs in production: apart from the broker, whose collections otherwise stop the stream thread
 * too. Started from one configuration map, ready once it reports RUNNING, stopped (by its PID) on close.
 */
final class CurationProcess implements AutoCloseable {

    private static final String RUNNING = "STATE RUNNING";

    private final Process process;

    private CurationProcess(Process process) {
        this.process = process;
    }

    /** Starts it with {@code config} (orbiter, Streams and registry keys) and waits until it is RUNNING. */
    static CurationProcess start(Map<String, String> config, Path workDir) throws Exception {
        Files.createDirectories(workDir);
        Path file = workDir.resolve("curation.properties");
        Properties p = new Properties();
        p.putAll(config);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "the latency probe's curation");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "dev.orbiter.train.curation.CurationRunner", file.toString())).redirectErrorStream(true).start();
        CompletableFuture<Void> running = new CompletableFuture<>();
        Thread reader = new Thread(() -> follow(child, running, workDir.resolve("curation.log")), "curation-log");
        reader.setDaemon(true);
        reader.start();
        try {
            running.get(120, TimeUnit.SECONDS);
            return new CurationProcess(child);
        } catch (Exception e) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the curation did not reach RUNNING; see " + workDir.resolve("curation.log"), e);
        }
    }

    private static void follow(Process p, CompletableFuture<Void> running, Path log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                w.write(line);
                w.write('\n');
                if (line.equals(RUNNING)) {
                    running.complete(null);
                }
            }
        } catch (IOException e) {
            running.completeExceptionally(e);
        }
        running.completeExceptionally(new IllegalStateException("the curation process stopped"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: its shutdown hook closes the streams application
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
