package dev.orbiter.train.testkit;

import org.testcontainers.kafka.KafkaContainer;

/**
 * A broker in Docker via Testcontainers' {@link KafkaContainer} (the {@code apache/kafka} image,
 * KRaft). Opt-in with {@code -Dorbiter.test.docker=true} on machines that have a Docker engine;
 * the image is {@code orbiter.test.kafka.image}, default {@code apache/kafka:4.1.1}.
 */
public final class DockerKafkaBroker implements KafkaBroker {

    private final KafkaContainer container;

    private DockerKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    /** Starts the container (needs testcontainers-kafka on the test classpath and Docker). */
    public static DockerKafkaBroker start() {
        KafkaContainer c = new KafkaContainer(System.getProperty("orbiter.test.kafka.image", "apache/kafka:4.1.1"));
        c.start();
        return new DockerKafkaBroker(c);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
