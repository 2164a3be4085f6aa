package dev.orbiter.train.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apicurio Registry distribution run as a child process: a real registry with the
 * Confluent-compatible API under {@code /apis/ccompat/v7}, global BACKWARD compatibility.
 * {@link #start()} uses in-memory storage and a free port ({@code QUARKUS_HTTP_PORT=0}, read from
 * its log); {@link #start(int, Path)} a fixed port and an H2 file, so that an outage test can stop
 * the registry and start it again at the same address with the same schema ids. The process is
 * stopped by {@link #close()}, and by a shutdown hook if the JVM ends first.
 *
 * <p>The distribution directory is {@code -Dorbiter.registry.home} (the build unpacks it there).
 */
public final class SchemaRegistryProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryProcess.class);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final Path logFile;
    private final int port;
    private final Thread shutdownHook;

    private SchemaRegistryProcess(Process process, Path logFile, int port, Thread shutdownHook) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
        this.shutdownHook = shutdownHook;
    }

    /** Starts a registry with in-memory storage on a free port and waits (up to 120 s) until it listens. */
    public static SchemaRegistryProcess start() {
        return start(0, null);
    }

    /**
     * Starts a registry on {@code port} (0: a free one) that keeps its schemas in an H2 database
     * under {@code storage} ({@code null}: in memory), and waits (up to 120 s) until it listens.
     */
    public static SchemaRegistryProcess start(int port, Path storage) {
        Path home = registryHome();
        Path jar = runnerJar(home);
        Path logFile;
        Process process;
        try {
            logFile = Files.createTempFile("orbiter-registry-", ".log");
            List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            if (storage != null) {
                Files.createDirectories(storage);
                pb.environment().put("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + storage.toAbsolutePath().resolve("registry"));
            }
            pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            pb.environment().put("REGISTRY_RULES_GLOBAL_COMPATIBILITY", "BACKWARD");
            pb.environment().put("QUARKUS_LOG_CONSOLE_COLOR", "false");
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry from " + jar, e);
        }
        // The hook is in place before the wait: a JVM that ends while the registry starts must not leave it behind.
        Thread shutdownHook = new Thread(process::destroyForcibly, "registry-killer-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpLog(process, logFile, listening), "registry-log-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            int p = listening.get(120, TimeUnit.SECONDS);
            LOG.info("schema registry (pid {}) listening on port {}, log {}", process.pid(), p, logFile);
            return new SchemaRegistryProcess(process, logFile, p, shutdownHook);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the schema registry", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("schema registry did not start; see " + logFile, e);
        }
    }

    /** Copies the child's output to its log file and completes {@code port} from the "Listening on" line. */
    private static void pumpLog(Process process, Path logFile, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("registry exited with " + process.waitFor()));
        } catch (IOException e) {
            port.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            port.completeExceptionally(e);
        }
    }

    static Path registryHome() {
        String configured = System.getProperty("orbiter.registry.home");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured);
        }
        // Run from an IDE: look for the build's unpacked copy above the working directory.
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("target").resolve("apicurio-registry");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no schema registry distribution: set -Dorbiter.registry.home or run "
                + "'./mvnw -pl testkit process-test-resources' to unpack it into target/apicurio-registry");
    }

    private static Path runnerJar(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Base URL of the registry, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The Confluent-compatible API root: what {@code schema.registry.url} points to. */
    public String confluentUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the registry: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran; the process is gone either way
        }
    }
}
