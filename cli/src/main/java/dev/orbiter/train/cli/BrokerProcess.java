package dev.orbiter.train.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker as its own process, from the Kafka jars on this class path: storage
 * formatted on first start, data under {@code <home>/kafka/data}, so a stopped broker started
 * again on the same home and ports has every topic and record it had (restart tests use this).
 */
final class BrokerProcess {

    private BrokerProcess() {
    }

    static ChildProcess start(Path home, int port, int controllerPort, PrintStream out) throws Exception {
        Path dir = Files.createDirectories(home.resolve("kafka"));
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data").toAbsolutePath(), "num.partitions=3", "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0",
                "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1", ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            out.println("formatting Kafka storage in " + dir.resolve("data"));
            int rc = ChildProcess.start("kafka-storage", List.of(java, "-cp", cp, "kafka.tools.StorageTool", "format",
                    "-t", Uuid.randomUuid().toString(), "-c", config.toString()), Map.of(), dir, home.resolve("logs/kafka-format.log"))
                    .waitFor(120);
            if (rc != 0) {
                throw new CliException("formatting Kafka storage failed; see " + home.resolve("logs/kafka-format.log"), 1);
            }
        }
        String bootstrap = "127.0.0.1:" + port;
        return ChildProcess.start("kafka", List.of(java, "-Xmx768m", "-cp", cp, "kafka.Kafka", config.toString()),
                Map.of(), dir, home.resolve("logs/kafka.log")).awaitReady(() -> up(bootstrap), 120);
    }

    static boolean up(String bootstrap) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "2000",
                "default.api.timeout.ms", "3000"))) {
            admin.describeCluster().nodes().get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
