package dev.orbiter.train.capture;

import static org.awaitility.Awaitility.await;

import dev.orbiter.train.testkit.OrbiterTestStack;
import java.io.IOException;
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

/**
 * A second capture-service replica: this module's packaged jar (built in {@code package}, before the
 * ITs run) as a child process on the test stack, with the test's API keys; stopped by its handle.
 */
final class SecondInstance implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** sha256("key-acme"), as in the test profile. */
    private static final String ACME_HASH = "6371cb7a907cc8f10740229732c4b6164b285169494b85304468313513427878";

    private final Process process;
    private final int port;

    private SecondInstance(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SecondInstance start(List<String> settings) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the ITs run after package");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OrbiterTestStack stack = OrbiterTestStack.get();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + stack.bootstrapServers(),
                "-Dorbiter.schema-registry.url=" + stack.schemaRegistryUrl(), "-Dorbiter.capture.auth.keys=acme:" + ACME_HASH));
        cmd.addAll(settings);
        cmd.addAll(List.of("-jar", JAR.toString()));
        Path log = Files.createTempFile("capture-replica", ".log");
        SecondInstance replica = new SecondInstance(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start(), port);
        try {
            await().atMost(Duration.ofSeconds(90)).until(replica::ready);
        } catch (RuntimeException e) {
            replica.close();
            throw new IllegalStateException("the second instance did not get ready; its log: " + Files.readString(log), e);
        }
        return replica;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the second instance exited with " + process.exitValue());
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
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
