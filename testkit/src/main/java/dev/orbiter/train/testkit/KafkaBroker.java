package dev.orbiter.train.testkit;

/**
 * A real Kafka broker for tests: the in-JVM KRaft test kit by default, or a Testcontainers
 * broker when Docker is available and {@code -Dorbiter.test.docker=true}.
 */
public interface KafkaBroker extends AutoCloseable {

    /** The bootstrap servers clients connect to. */
    String bootstrapServers();

    @Override
    void close();

    /** The broker this JVM's tests use, chosen by the {@code orbiter.test.docker} system property. */
    static KafkaBroker start() {
        if (Boolean.getBoolean("orbiter.test.docker")) {
            return DockerKafkaBroker.start();
        }
        return InJvmKafkaBroker.start();
    }
}
