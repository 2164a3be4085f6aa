package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.client.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Takes jobs from {@code orbiter.training.jobs} (consumer group {@code orbiter-trainer}): one
 * record at a time, committed only after the job was accepted (its {@code created} state is
 * acknowledged by Kafka) or refused. While every worker is busy the consumer pauses, so waiting
 * jobs stay in Kafka, not in this process's memory.
 */
final class JobIntake implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);

    private final TrainerKafka kafka;
    private final JobService service;
    private final Semaphore slots;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<TrainingJob> values;
    private final Thread thread;
    private volatile boolean running = true;

    JobIntake(TrainerKafka kafka, JobService service, int workers) {
        this.kafka = kafka;
        this.service = service;
        this.slots = new Semaphore(workers);
        this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id",
                "orbiter-trainer", "enable.auto.commit", "false", "auto.offset.reset", "earliest", "max.poll.records", "1",
                "isolation.level", "read_committed", "client.id", "orbiter-trainer-intake"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.values = new AvroDeserializer<>(kafka.registry(), TrainingJob.class);
        this.thread = new Thread(this::loop, "orbiter-job-intake");
        this.thread.setDaemon(true);
    }

    void start() {
        consumer.subscribe(List.of(kafka.topics().trainingJobs().name()));
        thread.start();
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** A worker finished: one more job may be taken. */
    void release() {
        slots.release();
    }

    private void loop() {
        try {
            while (running) {
                if (slots.availablePermits() == 0) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                    consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()),
                            new OffsetAndMetadata(r.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the job intake stopped; jobs wait in Kafka until a restart", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        TrainingJob job;
        try {
            job = values.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.errorf("skipping an unreadable job at %s-%d@%d key=%s: %s", r.topic(), r.partition(), r.offset(), r.key(), e);
            return;
        }
        if (job == null) {
            return;
        }
        slots.acquireUninterruptibly(); // a permit is free: the consumer is paused otherwise
        boolean submitted = false;
        try {
            submitted = service.accept(job);
        } finally {
            if (!submitted) {
                slots.release();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
