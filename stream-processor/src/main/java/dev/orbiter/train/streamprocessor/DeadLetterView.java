package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.background.RecoveringLoop;
import dev.orbiter.train.curation.CurationNames;
import dev.orbiter.train.curation.CurationSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the curation's dead-letter topic from its beginning, read_committed, into a
 * {@link DeadLetterSummary}, on a {@link RecoveringLoop} of its own: a failed round is logged,
 * reported by {@link #problem()} (readiness is DOWN meanwhile) and retried after a backoff with a
 * fresh consumer and a fresh summary, so the view never silently stops or counts a record twice.
 */
@ApplicationScoped
public class DeadLetterView {

    private static final int SAMPLES_PER_REASON = 5;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    CurationSettings settings;

    private final AtomicReference<DeadLetterSummary> summary = new AtomicReference<>(new DeadLetterSummary(SAMPLES_PER_REASON));
    /** Only the loop's thread touches it; null until the first round, and again after a failed one. */
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private RecoveringLoop loop;

    void start(@Observes StartupEvent ev) {
        loop = new RecoveringLoop("orbiter-dead-letter-view", new RecoveringLoop.Body() {
            @Override
            public void round() {
                DeadLetterView.this.round();
            }

            @Override
            public void close() {
                closeConsumer();
            }
        }, Duration.ofSeconds(2), Duration.ofSeconds(30));
        loop.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (loop != null) {
            loop.close(() -> {
                KafkaConsumer<byte[], byte[]> c = consumer;
                if (c != null) {
                    c.wakeup(); // ends a blocked poll; the loop then closes the consumer
                }
            });
        }
    }

    /** What the view holds now. */
    public DeadLetterSummary summary() {
        return summary.get();
    }

    /** Why the view is not reading, or null while it is. */
    public String problem() {
        return loop == null ? "starting" : loop.problem();
    }

    /** One poll; the first after a failure starts over from the beginning with a new summary. */
    private void round() {
        try {
            if (consumer == null) {
                consumer = subscribe();
                summary.set(new DeadLetterSummary(SAMPLES_PER_REASON));
            }
            DeadLetterSummary s = summary.get();
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                s.add(r);
            }
        } catch (RuntimeException e) {
            closeConsumer();
            throw e;
        }
    }

    private KafkaConsumer<byte[], byte[]> subscribe() {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed", "enable.auto.commit", "false",
                "client.id", "orbiter-dead-letter-view"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = c.partitionsFor(topic(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (parts.isEmpty()) {
                throw new IllegalStateException("topic " + topic() + " has no partitions (not created yet?)");
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void closeConsumer() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }

    private String topic() {
        return settings.topics().dlq(CurationNames.DLQ_APPLICATION).name();
    }
}
