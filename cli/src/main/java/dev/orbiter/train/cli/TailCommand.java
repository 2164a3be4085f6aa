package dev.orbiter.train.cli;

import dev.orbiter.train.avro.JobStatus;
import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.client.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orbiter tail steps|metrics|status}: decoded events as they arrive (or from the beginning). */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print steps, training metrics or job states as they arrive.")
public final class TailCommand implements Callable<Integer> {

    enum What { steps, metrics, status }

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "steps, metrics or status")
    What what;

    @Option(names = "--job", description = "only this job (metrics, status)")
    String job;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    @Option(names = "--from-beginning", description = "start at the oldest event, not at the end")
    boolean fromBeginning;

    @Option(names = "--max", description = "stop after this many events (0: never)", defaultValue = "0")
    long max;

    @Option(names = "--timeout", description = "stop after this long without a new event, e.g. 30s (default: never)")
    String timeout;

    @Override
    public Integer call() {
        Topics topics = Topics.defaults();
        String topic = what == What.steps ? topics.steps().name() : what == What.metrics
                ? topics.trainingMetrics().name() : topics.trainingStatus().name();
        Class<? extends SpecificRecord> type = what == What.steps ? TrajectoryStep.class : what == What.metrics
                ? TrainingMetric.class : JobStatus.class;
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(connection.registry()));
        @SuppressWarnings({"unchecked", "rawtypes"})
        AvroDeserializer<SpecificRecord> values = new AvroDeserializer(registry, type);
        Duration idle = timeout == null ? null : dev.orbiter.train.curation.CurationSettings.parseDuration("--timeout", timeout);
        long seen = 0;
        long lastEvent = System.nanoTime();
        try (KafkaConsumer<String, SpecificRecord> c = new KafkaConsumer<>(Map.of("bootstrap.servers", connection.bootstrap(),
                "isolation.level", "read_committed"), new StringDeserializer(), values)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            if (fromBeginning) {
                c.seekToBeginning(parts);
            } else {
                c.seekToEnd(parts);
            }
            while (max == 0 || seen < max) {
                for (ConsumerRecord<String, SpecificRecord> r : c.poll(Duration.ofMillis(200))) {
                    if (job != null && what != What.steps && !job.equals(r.key())) {
                        continue;
                    }
                    System.out.println(json ? Events.json(r.value()) : Events.line(r.value()));
                    lastEvent = System.nanoTime();
                    if (max > 0 && ++seen >= max) {
                        break;
                    }
                }
                if (idle != null && System.nanoTime() - lastEvent > idle.toNanos()) {
                    break;
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new CliException("cannot reach Kafka at " + connection.bootstrap() + " (is the platform running? ./orbiter dev)", 3);
        }
        return 0;
    }
}
