package dev.orbiter.train.streamprocessor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The service's own settings ({@code orbiter.stream-processor.*}). The curation itself is
 * configured by {@code orbiter.curation.*} and {@code orbiter.datasets.<name>.*} (see
 * {@link dev.orbiter.train.curation.CurationSettings}), Kafka Streams by {@code kafka-streams.*}.
 */
@ConfigMapping(prefix = "orbiter.stream-processor")
public interface StreamProcessorConfig {

    /** How long taking a snapshot may take (offsets, counting, publishing). */
    @WithDefault("30s")
    Duration snapshotTimeout();

    /** The Retry-After of a 503 while the topology is rebalancing or restoring. */
    @WithDefault("5")
    int retryAfterSeconds();

    Auth auth();

    /** API keys, as in capture-service. */
    interface Auth {

        @WithDefault("true")
        boolean enabled();

        /** {@code <tenant>:<sha256 hex of the key>}, comma-separated; from a secret, never a file. */
        Optional<List<String>> keys();
    }
}
