package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.PackagedService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Another stream-processor instance of the same application: this module's packaged jar with the
 * test profile's settings (datasets, keys), on the test stack, with its own state directory and the
 * address it listens on advertised as its {@code application.server}.
 */
final class PeerInstance {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private PeerInstance() {
    }

    static PackagedService start() throws IOException {
        OrbiterTestStack s = OrbiterTestStack.get();
        int port = PackagedService.freePort();
        return PackagedService.start(JAR, port, List.of("-Dquarkus.profile=test",
                "-Dkafka.bootstrap.servers=" + s.bootstrapServers(), "-Dorbiter.schema-registry.url=" + s.schemaRegistryUrl(),
                "-Dkafka-streams.state.dir=" + Files.createTempDirectory("stream-processor-peer-state"),
                "-Dkafka-streams.application.server=127.0.0.1:" + port), "stream-processor-peer");
    }
}
