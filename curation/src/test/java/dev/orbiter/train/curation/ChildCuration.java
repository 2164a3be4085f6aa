package dev.orbiter.train.curation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The curation topology in a child JVM ({@link CurationRunner}), so a test can kill it the hard
 * way (SIGKILL: no close, no commit, an open transaction left behind) and start it again on the
 * same state directory. The test that starts one stops it; only its own PID is ever signalled.
 */
final class ChildCuration implements AutoCloseable {

    private final Path config;
    private final Path log;
    private Process process;
    private int starts;

    ChildCuration(Map<String, String> settings, Path dir) {
        try {
            Files.createDirectories(dir);
            config = dir.resolve("curation.properties");
            log = dir.resolve("curation-child.log");
            Properties p = new Properties();
            p.putAll(settings);
            try (OutputStream out = Files.newOutputStream(config)) {
                p.store(out, "curation child");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CurationRunner.class.getName(), config.toString()));
        try {
            starts++;
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the JVM gets no chance to commit or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("curation child " + process.pid() + " did not die");
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int starts() {
        return starts;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the shutdown hook closes Streams cleanly
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
