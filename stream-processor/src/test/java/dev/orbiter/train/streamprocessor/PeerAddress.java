package dev.orbiter.train.streamprocessor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The service under test on a port chosen here, advertised as its {@code application.server}: a
 * peer instance finds it in Kafka Streams' metadata at the address it really listens on.
 */
public final class PeerAddress implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port = freePort();
        return Map.of("quarkus.http.test-port", Integer.toString(port), "kafka-streams.application.server", "127.0.0.1:" + port);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
