package dev.orbiter.train.capture;

import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

/** The service's one {@link TrajectoryEmitter}: the SDK is how the service writes to Kafka too. */
@ApplicationScoped
public class EmitterProducer {

    @Produces
    @ApplicationScoped
    @Startup // a misconfigured producer fails the start, not the first request
    TrajectoryEmitter emitter(KafkaSettings kafka, CaptureConfig config, Config all) {
        Map<String, Object> p = new HashMap<>(config.producer());
        for (String name : all.getPropertyNames()) { // orbiter.topics.* name the topics the emitter writes
            if (name.startsWith("orbiter.topics.")) {
                all.getOptionalValue(name, String.class).ifPresent(v -> p.put(name, v));
            }
        }
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(RegistryClientConfig.URL, kafka.schemaRegistryUrl());
        p.put(TrajectoryEmitter.SOURCE, config.source());
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "orbiter-capture-service");
        // A send must not block a worker longer than the request may wait for its acknowledgement.
        long timeout = config.produceTimeout().toMillis();
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeout, 15_000)));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout, 10_000)));
        return TrajectoryEmitter.create(p);
    }

    void close(@Disposes TrajectoryEmitter emitter) {
        emitter.close(Duration.ofSeconds(10));
    }
}
