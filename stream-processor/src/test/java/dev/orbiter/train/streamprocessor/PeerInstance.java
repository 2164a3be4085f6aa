package dev.orbiter.train.streamprocessor;

import static org.awaitility.Awaitility.await;

import dev.orbiter.train.testkit.OrbiterTestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another stream-processor instance of the same application: this module's packaged jar (built in
 * {@code package}, before the ITs) as a child process with the test profile's settings, on the test
 * stack, with its own port, state directory and advertised address; stopped (or SIGKILLed) by the test.
 */
final class PeerInstance implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;
    final Path log;

    private PeerInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PeerInstance start() throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the ITs run after package");
        }
        int port = PeerAddress.freePort();
        OrbiterTestStack s = OrbiterTestStack.get();
        Path log = Files.createTempFile("stream-processor-peer", ".log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + s.bootstrapServers(),
                "-Dorbiter.schema-registry.url=" + s.schemaRegistryUrl(),
                "-Dkafka-streams.state.dir=" + Files.createTempDirectory("stream-processor-peer-state"),
                "-Dkafka-streams.application.server=127.0.0.1:" + port, "-jar", JAR.toString());
        PeerInstance peer = new PeerInstance(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .start(), port, log);
        try {
            await().atMost(Duration.ofSeconds(120)).until(peer::ready);
        } catch (RuntimeException e) {
            peer.close();
            throw new IllegalStateException("the peer did not get ready; its log: " + Files.readString(log), e);
        }
        return peer;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the peer exited with " + process.exitValue());
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

    /** SIGKILL, as a crashed pod: its tasks move to the other instance once its session times out. */
    void kill() throws InterruptedException {
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
