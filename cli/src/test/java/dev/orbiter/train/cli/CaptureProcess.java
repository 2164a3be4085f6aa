package dev.orbiter.train.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The packaged capture-service started as a child process for fault tests (auth off, short produce timeout). */
final class CaptureProcess {

    private CaptureProcess() {
    }

    /** Starts {@code capture-service/target/quarkus-app} on {@code port} and waits until it is ready. */
    static ChildProcess start(Path root, Path home, String bootstrap, String registryUrl, int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ChildProcess.start("capture-service", List.of(java, "-Xmx512m", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap, "-Dorbiter.schema-registry.url=" + registryUrl,
                "-Dorbiter.capture.auth.enabled=false", "-Dorbiter.capture.produce-timeout=3s",
                "-jar", root.resolve("capture-service/target/quarkus-app/quarkus-run.jar").toString()),
                Map.of(), root, home.resolve("logs/capture.log")).awaitReady(() -> ready(port), 120);
    }

    /** Whether the readiness probe answers 200. */
    static boolean ready(int port) {
        try {
            new Http(null).get("http://127.0.0.1:" + port + "/q/health/ready");
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
