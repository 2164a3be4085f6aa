package dev.orbiter.train.streamprocessor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The service under test on a port chosen here, advertised as its {@code application.server}: a
 * peer instance finds it in Kafka Streams' metadata at the address it really listens on.
 */
public final class PeerAddress implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port = dev.orbiter.train.testkit.PackagedService.freePort();
        return Map.of("quarkus.http.test-port", Integer.toString(port), "kafka-streams.application.server", "127.0.0.1:" + port);
    }

    @Override
    public void stop() {
    }
}
