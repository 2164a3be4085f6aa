package dev.orbiter.train.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged services started as child processes for fault tests (auth off, test-sized timeouts). */
final class ServiceProcess {

    private ServiceProcess() {
    }

    /** capture-service on {@code port}, ready; a 3 s produce timeout so that an outage is answered quickly. */
    static ChildProcess capture(Path root, Path home, String bootstrap, String registryUrl, int port) {
        return start(root, home, "capture-service", bootstrap, registryUrl, port, List.of(
                "-Dorbiter.capture.auth.enabled=false", "-Dorbiter.capture.produce-timeout=3s"));
    }

    /** stream-processor on {@code port}, ready, with its own state dir under {@code home} and {@code extra} settings. */
    static ChildProcess streamProcessor(Path root, Path home, String bootstrap, String registryUrl, int port,
                                        List<String> extra) {
        List<String> args = new ArrayList<>(List.of("-Dorbiter.stream-processor.auth.enabled=false",
                "-Dkafka-streams.state.dir=" + home.resolve("stream-processor-state")));
        args.addAll(extra);
        return start(root, home, "stream-processor", bootstrap, registryUrl, port, args);
    }

    private static ChildProcess start(Path root, Path home, String module, String bootstrap, String registryUrl,
                                      int port, List<String> settings) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dorbiter.schema-registry.url=" + registryUrl));
        cmd.addAll(settings);
        cmd.addAll(List.of("-jar", root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString()));
        return ChildProcess.start(module, cmd, Map.of(), root, home.resolve("logs/" + module + ".log"))
                .awaitReady(() -> ready(port), 120);
    }

    /** Whether the readiness probe answers 200. */
    static boolean ready(int port) {
        return ok("http://127.0.0.1:" + port + "/q/health/ready");
    }

    /** Whether a GET of {@code url} answers 2xx. */
    static boolean ok(String url) {
        try {
            new Http(null).get(url);
            return true;
        } catch (CliException e) {
            return false;
        }
    }

    /** The project root (the build passes it; a run from the module directory finds it above). */
    static Path projectRoot() {
        return Path.of(System.getProperty("orbiter.project.root", "..")).toAbsolutePath().normalize();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
