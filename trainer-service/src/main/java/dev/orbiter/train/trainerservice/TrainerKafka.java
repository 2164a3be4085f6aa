package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroSerializer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's Kafka clients: one idempotent, acks=all producer for every event it writes (jobs,
 * status, metrics, synthesised items; snapshots write their own transactions), an admin client, and the registry.
 */
@ApplicationScoped
public class TrainerKafka {

    private final String bootstrap;
    private final SchemaRegistryClient registry;
    private final Producer<String, SpecificRecordBase> producer;
    private final Admin admin;
    private final Topics topics;

    public TrainerKafka(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                        @ConfigProperty(name = "orbiter.schema-registry.url") String registryUrl, Config config) {
        this.bootstrap = bootstrap;
        this.topics = Topics.fromNames(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class).orElse(null));
        this.registry = new SchemaRegistryClient(RegistryClientConfig.of(registryUrl));
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "enable.idempotence", "true", "linger.ms", "5", "client.id", "orbiter-trainer"),
                new StringSerializer(), new AvroSerializer<>(registry, Map.of(), false));
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "client.id", "orbiter-trainer-admin"));
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public Producer<String, SpecificRecordBase> producer() {
        return producer;
    }

    public Admin admin() {
        return admin;
    }

    public Topics topics() {
        return topics;
    }

    void close(@Observes ShutdownEvent ev) {
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(5));
    }
}
