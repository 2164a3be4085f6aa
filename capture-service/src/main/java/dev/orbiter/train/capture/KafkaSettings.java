package dev.orbiter.train.capture;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;

/** Where Kafka and the schema registry are ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code ORBITER_SCHEMA_REGISTRY_URL}). */
@ApplicationScoped
public class KafkaSettings {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "orbiter.schema-registry.url")
    String schemaRegistryUrl;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }
}
