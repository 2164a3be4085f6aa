package dev.orbiter.train.capture;

import dev.orbiter.train.client.capture.TrajectoryEmitter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Registers the step and reward schemas ({@code orbiter.steps-value}, {@code orbiter.rewards-value})
 * at startup, so producers in other languages that only fetch the latest schema find them before any
 * step was captured, and caches their ids, so a later registry outage does not stop capture. A
 * registry that is not up yet does not stop the service from starting (it answers 503 until it can
 * write, like for Kafka): registration is retried every few seconds until it succeeds.
 */
@ApplicationScoped
public class SchemaRegistration {

    private static final Logger LOG = Logger.getLogger(SchemaRegistration.class);
    private static final long RETRY_SECONDS = 5;

    private final TrajectoryEmitter emitter;
    private ScheduledExecutorService retries;
    private volatile boolean registered;

    public SchemaRegistration(TrajectoryEmitter emitter) {
        this.emitter = emitter;
    }

    void start(@Observes StartupEvent ev) {
        if (!attempt()) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "orbiter-schema-registration");
                t.setDaemon(true);
                return t;
            });
            retries.scheduleWithFixedDelay(() -> {
                if (attempt()) {
                    retries.shutdown();
                }
            }, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Whether the schemas are registered (and their ids cached). */
    public boolean registered() {
        return registered;
    }

    private boolean attempt() {
        try {
            emitter.registerSchemas();
            registered = true;
            LOG.info("step and reward schemas registered");
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("cannot register the step and reward schemas yet (retrying every %ds): %s", RETRY_SECONDS,
                    e.getMessage());
            return false;
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }
}
