package dev.orbiter.train.bench;

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
        CompletableFuture<Boolean> running = ChildOutput.follow(child, workDir.resolve("curation.log"),
                line -> line.equals(RUNNING) ? Boolean.TRUE : null, "curation");
        try {
            running.get(120, TimeUnit.SECONDS);
            return new CurationProcess(child);
        } catch (Exception e) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the curation did not reach RUNNING; see " + workDir.resolve("curation.log"), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: its shutdown hook closes the streams application
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
