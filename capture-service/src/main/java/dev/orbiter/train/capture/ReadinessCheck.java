package dev.orbiter.train.capture;

import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the Kafka cluster answers and either the schema registry answers or the emitter
 * already holds schema ids: a registry outage does not take a serving instance out of rotation
 * (cached ids need no registry), while a fresh instance waits for the registry.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private static final int TIMEOUT_MS = 3000;
    private final KafkaSettings kafka;
    private final SchemaRegistryClient registry;
    private volatile Admin admin;

    private final TrajectoryEmitter emitter;
    private final SchemaRegistration schemas;

    public ReadinessCheck(KafkaSettings kafka, TrajectoryEmitter emitter, SchemaRegistration schemas) {
        this.kafka = kafka;
        this.emitter = emitter;
        this.schemas = schemas;
        // No retries: a probe must answer within its own timeout.
        this.registry = new SchemaRegistryClient(RegistryClientConfig.fromMap(Map.of(
                RegistryClientConfig.URL, kafka.schemaRegistryUrl(), "schema.registry.max.retries", "0",
                "schema.registry.request.timeout.ms", Integer.toString(TIMEOUT_MS))));
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka-and-registry")
                .withData("schemas", schemas.registered() ? "registered" : "not registered yet (retrying)");
        try {
            String cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            response.withData("kafka.cluster", cluster);
        } catch (Exception e) {
            return response.down().withData("kafka", String.valueOf(e.getMessage())).build();
        }
        try {
            response.withData("registry.subjects", registry.subjects().size());
        } catch (RuntimeException e) {
            int cached = emitter.cachedSchemaIds();
            if (cached == 0) {
                return response.down().withData("registry", String.valueOf(e.getMessage())).build();
            }
            response.withData("registry", "unreachable; serving with " + cached + " cached schema id(s): " + e.getMessage());
        }
        return response.up().build();
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
                }
            }
        }
        return admin;
    }

    @jakarta.annotation.PreDestroy
    void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
