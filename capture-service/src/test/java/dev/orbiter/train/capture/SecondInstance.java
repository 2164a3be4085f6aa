package dev.orbiter.train.capture;

import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.testkit.PackagedService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A second capture-service replica on the test stack, with the test's acme key: this module's packaged jar. */
final class SecondInstance {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** sha256("key-acme"), as in the test profile. */
    private static final String ACME_HASH = "6371cb7a907cc8f10740229732c4b6164b285169494b85304468313513427878";

    private SecondInstance() {
    }

    static PackagedService start(List<String> settings) throws IOException {
        OrbiterTestStack stack = OrbiterTestStack.get();
        List<String> all = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + stack.bootstrapServers(),
                "-Dorbiter.schema-registry.url=" + stack.schemaRegistryUrl(), "-Dorbiter.capture.auth.keys=acme:" + ACME_HASH));
        all.addAll(settings);
        return PackagedService.start(JAR, PackagedService.freePort(), all, "capture-replica");
    }
}
