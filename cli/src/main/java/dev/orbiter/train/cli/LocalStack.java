package dev.orbiter.train.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole platform on this machine, each part its own process: a single-node KRaft broker from
 * Maven Central's Kafka jars (storage formatted on first start, data under {@code <home>/kafka}),
 * the Apicurio registry (its H2 database under {@code <home>/registry}, so schema ids outlive a
 * restart like the topics do), and the three services. Stopped in reverse order by PID.
 */
final class LocalStack implements AutoCloseable {

    /** The ports of the stack. */
    record Ports(int kafka, int controller, int registry, int capture, int streamProcessor, int trainer) {
        static Ports defaults() {
            return new Ports(9092, 9093, 8080, 8081, 8082, 8083);
        }

        /** Every port moved by {@code n} (a second stack, or tests next to a running one). */
        Ports offset(int n) {
            return new Ports(kafka + n, controller + n, registry + n, capture + n, streamProcessor + n, trainer + n);
        }
    }

    private final List<ChildProcess> processes = new ArrayList<>();
    private final Ports ports;

    private LocalStack(Ports ports) {
        this.ports = ports;
    }

    String bootstrap() {
        return "127.0.0.1:" + ports.kafka();
    }

    String registryUrl() {
        return "http://127.0.0.1:" + ports.registry() + "/apis/ccompat/v7";
    }

    String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    Ports ports() {
        return ports;
    }

    static LocalStack start(Path root, Path home, Ports ports, PrintStream out) throws Exception {
        LocalStack stack = new LocalStack(ports);
        try {
            stack.broker(home, out);
            stack.registry(root, home, out);
            stack.services(root, home, out);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void broker(Path home, PrintStream out) throws Exception {
        out.println("starting Kafka (KRaft) on " + bootstrap());
        processes.add(BrokerProcess.start(home, ports.kafka(), ports.controller(), out));
    }

    private void registry(Path root, Path home, PrintStream out) throws IOException {
        Path dist = root.resolve("target/apicurio-registry");
        Path jar;
        try (Stream<Path> files = Files.exists(dist) ? Files.list(dist) : Stream.empty()) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow(() ->
                    new CliException("no registry distribution in " + dist + ": run ./orbiter (it builds what is missing)", 1));
        }
        Path db = Files.createDirectories(home.resolve("registry")).toAbsolutePath();
        out.println("starting the schema registry on " + url(ports.registry()));
        processes.add(ChildProcess.start("registry", List.of(javaBin(), "-Xmx384m", "-jar", jar.toString()),
                Map.of("QUARKUS_HTTP_PORT", String.valueOf(ports.registry()), "QUARKUS_HTTP_HOST", "127.0.0.1",
                        "REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + db.resolve("registry"),
                        "REGISTRY_RULES_GLOBAL_COMPATIBILITY", "BACKWARD", "QUARKUS_LOG_CONSOLE_COLOR", "false"),
                dist, home.resolve("logs/registry.log")).awaitReady(() -> ok(registryUrl() + "/subjects"), 120));
    }

    private void services(Path root, Path home, PrintStream out) {
        List<ChildProcess> started = new ArrayList<>();
        started.add(service(root, home, "capture-service", ports.capture(), List.of("-Dorbiter.capture.auth.enabled=false")));
        started.add(service(root, home, "stream-processor", ports.streamProcessor(), List.of(
                "-Dorbiter.stream-processor.auth.enabled=false",
                "-Dkafka-streams.state.dir=" + home.resolve("stream-processor-state").toAbsolutePath(),
                "-Dorbiter.curation.reward-grace=2s",
                // the demo's dataset: every answer of every prompt (GRPO needs the wrong ones too)
                "-Dorbiter.datasets.arith.strategies=status=success",
                "-Dorbiter.datasets.arith.near-dedup.threshold=0.95",
                // the demo's GRPO dataset: whole groups of 4 answers, without the groups whose answers all score alike
                "-Dorbiter.datasets.arith-groups.strategies=status=success",
                "-Dorbiter.datasets.arith-groups.dedup.key=id",
                "-Dorbiter.datasets.arith-groups.group.size=4",
                "-Dorbiter.datasets.arith-groups.group.close-after=10s",
                "-Dorbiter.datasets.arith-groups.group.incomplete=drop",
                "-Dorbiter.datasets.arith-groups.group.filter=zero-variance")));
        started.add(service(root, home, "trainer-service", ports.trainer(), List.of("-Dorbiter.trainer.auth.enabled=false",
                "-Dorbiter.trainer.work-dir=" + home.resolve("trainer").toAbsolutePath())));
        processes.addAll(started);
        for (ChildProcess p : started) {
            int port = p.name().equals("capture-service") ? ports.capture() : p.name().equals("stream-processor")
                    ? ports.streamProcessor() : ports.trainer();
            out.println("waiting for " + p.name() + " on " + url(port));
            p.awaitReady(() -> ok(url(port) + "/q/health/ready"), 180);
        }
    }

    private ChildProcess service(Path root, Path home, String module, int port, List<String> extra) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new CliException(jar + " is missing: run ./orbiter (it builds what is missing)", 1);
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-Dkafka.bootstrap.servers=" + bootstrap(),
                "-Dorbiter.schema-registry.url=" + registryUrl(), "-Dquarkus.log.console.color=false"));
        cmd.addAll(extra);
        cmd.addAll(List.of("-jar", jar.toString()));
        return ChildProcess.start(module, cmd, Map.of(), root, home.resolve("logs/" + module + ".log"));
    }

    private static boolean ok(String url) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void printUrls(PrintStream out) {
        out.printf("%nOrbiter Train is running:%n");
        out.printf("  Kafka            %s%n", bootstrap());
        out.printf("  schema registry  %s%n", registryUrl());
        out.printf("  capture-service  %s  (POST /v1/steps, /q/swagger-ui)%n", url(ports.capture()));
        out.printf("  stream-processor %s  (GET /v1/datasets; datasets page: %s/datasets.html)%n", url(ports.streamProcessor()),
                url(ports.streamProcessor()));
        out.printf("  trainer-service  %s  (dashboard: %s/)%n", url(ports.trainer()), url(ports.trainer()));
    }

    /** Stops everything, services first, by PID. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
    }
}
