package dev.orbiter.train.capture;

import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.config.KnownKeys;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/**
 * Fails the start on any {@code orbiter.*} setting this service does not read, naming it and the
 * nearest valid key (SmallRye's own check of unknown keys is off in {@code application.properties}
 * because it names no alternative and misses keys outside the mapping's prefix).
 */
@ApplicationScoped
public class ConfigCheck {

    static final KnownKeys KNOWN = KnownKeys.fromMapping("orbiter.capture", CaptureConfig.class).and(KnownKeys.SHARED.and(Topics.knownKeys()));

    void check(@Observes @Priority(1) StartupEvent ev, Config config, CaptureConfig capture) {
        KNOWN.checkOrbiterKeys(config.getPropertyNames());
        String failure = capture.gateway().captureFailure();
        if (!failure.equals("pass") && !failure.equals("fail")) {
            throw new IllegalArgumentException("orbiter.capture.gateway.capture-failure must be pass or fail, got '"
                    + failure + "'");
        }
    }
}
