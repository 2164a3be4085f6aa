package dev.orbiter.train.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single combined KRaft node (broker + controller) running inside the test JVM through
 * Kafka's own {@link KafkaClusterTestKit}, on a free port. Settings suit tests: one replica for internal
 * topics, no initial rebalance delay, transactions enabled for exactly-once Streams.
 */
public final class InJvmKafkaBroker implements KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmKafkaBroker.class);

    private final Path baseDir;
    private KafkaClusterTestKit cluster;
    private String bootstrap;

    private InJvmKafkaBroker(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** Formats storage in a fresh temp directory and starts the node. */
    public static InJvmKafkaBroker start() {
        try {
            InJvmKafkaBroker broker = new InJvmKafkaBroker(Files.createTempDirectory("orbiter-kafka"));
            broker.boot();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
    }

    private void boot() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(baseDir)
                    .setClusterId("orbiter-test-cluster-0")
                    // latestProduction: the default would format an unreleased metadata version.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setDeleteOnClose(false);
            testSettings().forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            bootstrap = cluster.bootstrapServers();
            LOG.info("in-JVM KRaft broker ready at {} (data in {})", bootstrap, baseDir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM Kafka broker: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> testSettings() {
        return Map.of(
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "3",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "3",
                "group.initial.rebalance.delay.ms", "0",
                "num.partitions", "3",
                "auto.create.topics.enable", "false",
                // the cleaner looks for dirty logs every second (15 s by default), so compaction tests finish quickly
                "log.cleaner.backoff.ms", "1000");
    }

    @Override
    public String bootstrapServers() {
        return bootstrap;
    }

    private synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the in-JVM Kafka broker", e);
            }
            cluster = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(baseDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete broker data {}: {}", dir, e.toString());
        }
    }
}
