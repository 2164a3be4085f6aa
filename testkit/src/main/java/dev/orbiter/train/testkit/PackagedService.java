package dev.orbiter.train.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One more instance of a service under test: its packaged Quarkus jar (built in {@code package},
 * before the ITs run) as a child process of the test on a port of its own, ready once its
 * {@code /q/health/ready} answers 200; stopped by {@link #close} (SIGTERM, then SIGKILL) or
 * SIGKILLed by {@link #kill}, as a crashed pod. Its output goes to a temporary log file, quoted
 * when it does not get ready.
 */
public final class PackagedService implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedService(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code jar} on {@code port} with {@code settings} ({@code -D...}) and waits until it is ready. */
    public static PackagedService start(Path jar, int port, List<String> settings, String name) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the ITs run after package");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dquarkus.http.port=" + port));
        cmd.addAll(settings);
        cmd.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile(name, ".log");
        PackagedService service = new PackagedService(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start(), port, log);
        try {
            await().atMost(Duration.ofSeconds(120)).until(service::ready);
        } catch (RuntimeException e) {
            service.close();
            throw new IllegalStateException(name + " did not get ready; its log: " + Files.readString(log), e);
        }
        return service;
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code host:port}, as a peer would advertise it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the service exited with " + process.exitValue());
        }
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as a crashed pod: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
