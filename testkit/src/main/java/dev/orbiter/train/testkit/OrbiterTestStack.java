package dev.orbiter.train.testkit;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker and one schema registry per test JVM, started on first use and shared by
 * every test (the JUnit extension and the Quarkus test resource both hand out this stack).
 * Both are stopped when the test run ends, or by shutdown hooks if the JVM ends first.
 */
public final class OrbiterTestStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrbiterTestStack.class);
    private static OrbiterTestStack shared;

    private final KafkaBroker kafka;
    private final SchemaRegistryProcess registry;

    private OrbiterTestStack(KafkaBroker kafka, SchemaRegistryProcess registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** The shared stack, starting it if needed. */
    public static synchronized OrbiterTestStack get() {
        if (shared == null) {
            KafkaBroker kafka = KafkaBroker.start();
            SchemaRegistryProcess registry;
            try {
                registry = SchemaRegistryProcess.start();
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            shared = new OrbiterTestStack(kafka, registry);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::closeQuietly, "orbiter-test-stack-stop"));
        }
        return shared;
    }

    /** Whether the shared stack has been started (and not closed). */
    public static synchronized boolean isStarted() {
        return shared != null;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public SchemaRegistryProcess registry() {
        return registry;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Confluent-compatible registry URL ({@code schema.registry.url}). */
    public String schemaRegistryUrl() {
        return registry.confluentUrl();
    }

    /** Client properties with the bootstrap servers and the registry URL. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put("schema.registry.url", schemaRegistryUrl());
        return p;
    }

    /** Configuration for a Quarkus application under test. */
    public Map<String, String> quarkusConfig() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(),
                "orbiter.schema-registry.url", schemaRegistryUrl(),
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void close() {
        synchronized (OrbiterTestStack.class) {
            if (shared == this) {
                shared = null;
            }
        }
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("stopping the test stack at JVM exit failed: {}", e.toString());
        }
    }
}
