package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.testkit.SchemaRegistryProcess;
import dev.orbiter.train.testkit.TopicContents;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The broker restarted (SIGTERM, then started again on the same data and port) while
 * capture-service takes a step every 20 ms: every step answered 202 is on {@code orbiter.steps}
 * afterwards, and requests during the outage are answered 503 (retry later), never another 5xx.
 */
class BrokerRestartIT {

    @Test
    void everyAcknowledgedStepSurvivesABrokerRestartAndTheOutageIsA503() throws Exception {
        Path root = ServiceProcess.projectRoot();
        Path home = Path.of("target", "broker-restart").toAbsolutePath();
        Wipe.directory(home);
        int kafkaPort = ServiceProcess.freePort();
        int controllerPort = ServiceProcess.freePort();
        int httpPort = ServiceProcess.freePort();
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        String bootstrap = "127.0.0.1:" + kafkaPort;
        ChildProcess broker = BrokerProcess.start(home, kafkaPort, controllerPort, quiet);
        try (SchemaRegistryProcess registry = SchemaRegistryProcess.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicAdmin.ensure(admin, List.of(Topics.defaults().steps(), Topics.defaults().rewards()));
            }
            ChildProcess capture = ServiceProcess.capture(root, home, bootstrap, registry.confluentUrl(), httpPort);
            try {
                Map<String, Integer> answers = new ConcurrentHashMap<>();
                ConcurrentLinkedQueue<String> otherErrors = new ConcurrentLinkedQueue<>();
                Thread sender = new Thread(() -> send(httpPort, 1_250, answers, otherErrors), "steady-sender");
                sender.start();
                // let traffic flow before the restart, then hold the outage until capture has answered it
                // (a 503 after its produce timeout): no fixed pause that has to outlast that timeout
                await().atMost(Duration.ofSeconds(30)).until(() -> answers.values().stream().filter(c -> c == 202).count() >= 100);
                broker.close();
                await().atMost(Duration.ofSeconds(60)).until(() -> answers.containsValue(503) || !otherErrors.isEmpty());
                broker = BrokerProcess.start(home, kafkaPort, controllerPort, quiet);
                sender.join(120_000);

                Map<Integer, Integer> byStatus = new TreeMap<>();
                answers.values().forEach(s -> byStatus.merge(s, 1, Integer::sum));
                assertThat(otherErrors).as("no status other than 202 and 503; answers " + byStatus).isEmpty();
                assertThat(byStatus.keySet()).isSubsetOf(Set.of(202, 503));
                assertThat(byStatus.getOrDefault(503, 0)).as("the outage was answered 503").isPositive();
                Set<String> acknowledged = new HashSet<>();
                answers.forEach((id, s) -> {
                    if (s == 202) {
                        acknowledged.add(id);
                    }
                });
                Set<String> onTopic = new HashSet<>();
                for (ConsumerRecord<String, TrajectoryStep> r : TopicContents.readAll(bootstrap, "orbiter.steps",
                        new StringDeserializer(), new AvroDeserializer<>(new SchemaRegistryClient(
                                RegistryClientConfig.of(registry.confluentUrl())), TrajectoryStep.class))) {
                    onTopic.add(r.value().getId());
                }
                assertThat(acknowledged).hasSizeGreaterThan(200);
                assertThat(onTopic).containsAll(acknowledged);
            } finally {
                capture.close();
            }
        } finally {
            broker.close();
        }
    }

    private static void send(int port, int count, Map<String, Integer> answers, ConcurrentLinkedQueue<String> errors) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < count; i++) {
            String id = String.format("restart%05d", i);
            String body = "{\"id\": \"" + id + "\", \"task_id\": \"restart-" + (i % 30) + "\", \"input\": \"q" + i
                    + "\", \"output\": \"a\", \"score\": 1.0}";
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/steps"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                answers.put(id, r.statusCode());
                if (r.statusCode() != 202 && r.statusCode() != 503) {
                    errors.add(id + ": " + r.statusCode() + " " + r.body());
                }
                Thread.sleep(20); // the steady rate of the load profile
            } catch (Exception e) {
                errors.add(id + ": " + e);
            }
        }
    }
}
