package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaCatalogue;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.curation.CurationSerdes;
import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.CurationTopics;
import dev.orbiter.train.curation.CurationTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wiring only: the curation settings from configuration, the topology from the plain builder
 * (Quarkus runs it), and the clients the snapshot endpoint uses.
 */
@ApplicationScoped
public class CurationProducers {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "orbiter.schema-registry.url")
    String registryUrl;

    @Produces
    @Singleton
    CurationSettings settings(Config config) {
        Map<String, String> flat = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("orbiter.curation.") || name.startsWith("orbiter.datasets.")
                    || name.startsWith("orbiter.topics.")) {
                config.getOptionalValue(name, String.class).ifPresent(v -> flat.put(name, v)); // env overrides apply
            }
        }
        return CurationSettings.fromConfig(flat);
    }

    @Produces
    @Singleton
    SchemaRegistryClient registry() {
        return new SchemaRegistryClient(RegistryClientConfig.of(registryUrl));
    }

    /** The topology Quarkus runs; the topics it reads and writes are created first if missing. */
    @Produces
    @Singleton
    Topology topology(CurationSettings settings, SchemaRegistryClient registry) {
        CurationSettings actual = CurationTopics.ensure(settings, bootstrapServers);
        SchemaCatalogue.registerAtStartup(registry, CurationTopics.of(actual)); // steps, rewards, snapshots, every dataset
        Properties buildChecks = CurationTopology.defaults();
        return CurationTopology.build(actual, CurationSerdes.of(registry, Map.of()), buildChecks);
    }

    @Produces
    @Singleton
    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers, "client.id", "orbiter-stream-processor-admin"));
    }

    void closeAdmin(@Disposes Admin admin) {
        admin.close();
    }

    @Produces
    @Singleton
    DatasetSnapshots snapshots(Admin admin, SchemaRegistryClient registry, CurationSettings settings,
                               StreamProcessorConfig config) {
        return new DatasetSnapshots(admin, Map.of("bootstrap.servers", bootstrapServers), registry, settings.topics(),
                config.snapshotTimeout());
    }
}
