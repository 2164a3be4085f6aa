package dev.orbiter.train.streamprocessor;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the curation's dead-letter topic from its beginning, read_committed, into a
 * {@link DeadLetterSummary}, on a thread of its own. A failed round is logged, reported by
 * {@link #problem()} (readiness is DOWN meanwhile) and retried after a backoff with a fresh
 * consumer and a fresh summary, so the view never silently stops or counts a record twice.
 */
@ApplicationScoped
public class DeadLetterView {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterView.class);
    private static final int SAMPLES_PER_REASON = 5;
    private static final Duration BACKOFF = Duration.ofSeconds(2);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    CurationSettings settings;

    private final AtomicReference<DeadLetterSummary> summary = new AtomicReference<>(new DeadLetterSummary(SAMPLES_PER_REASON));
    private final AtomicReference<String> problem = new AtomicReference<>();
    private volatile boolean running = true;
    private Thread thread;

    void start(@Observes StartupEvent ev) {
        thread = new Thread(this::loop, "orbiter-dead-letter-view");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** What the view holds now. */
    public DeadLetterSummary summary() {
        return summary.get();
    }

    /** Why the view is not reading, or null while it is. */
    public String problem() {
        return problem.get();
    }

    private void loop() {
        while (running) {
            try {
                read();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                problem.set("the dead-letter view cannot read " + topic() + ": " + e);
                LOG.warn("dead-letter view failed; retrying in {}", BACKOFF, e);
                summary.set(new DeadLetterSummary(SAMPLES_PER_REASON));
                try {
                    Thread.sleep(BACKOFF.toMillis()); // backoff between rounds of a failing consumer
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void read() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed", "enable.auto.commit", "false",
                "client.id", "orbiter-dead-letter-view"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            DeadLetterSummary s = summary.get();
            problem.set(null);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    s.add(r);
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            if (running) {
                throw e;
            }
        }
    }

    private String topic() {
        return settings.topics().dlq(CurationNames.DLQ_APPLICATION).name();
    }
}
