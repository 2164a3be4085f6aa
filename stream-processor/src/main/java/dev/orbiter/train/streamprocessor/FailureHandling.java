package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.curation.ThreadReplacingHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Kafka Streams extension installs this handler: a failed stream thread (a registry outage
 * above all) is replaced, where Kafka Streams' default would stop the whole client and leave the
 * service up but curating nothing.
 */
@ApplicationScoped
public class FailureHandling {

    @ConfigProperty(name = ThreadReplacingHandler.REGISTRY_RETRY_BACKOFF, defaultValue = "5s")
    Duration registryRetryBackoff;

    @Produces
    @Singleton
    ThreadReplacingHandler uncaughtExceptionHandler() {
        return new ThreadReplacingHandler(registryRetryBackoff);
    }
}
