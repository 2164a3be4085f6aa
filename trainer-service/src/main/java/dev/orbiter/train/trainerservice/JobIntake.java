package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.client.background.RecoveringLoop;
import dev.orbiter.train.client.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Takes jobs from {@code orbiter.training.jobs} (consumer group {@code orbiter-trainer}, shared by
 * every trainer instance, cooperative rebalancing; after each rebalance and every 15 s the service
 * decides which unfinished jobs are this instance's to recover, {@link JobOwnership}): one
 * record at a time, committed only after the job was accepted (its {@code created} state is
 * acknowledged by Kafka) or refused. While every worker is busy the consumer pauses, so waiting
 * jobs stay in Kafka, not in this process's memory. An exception (Kafka unreachable, a commit
 * refused) does not end it: it retries ({@link RecoveringLoop}) and readiness is DOWN meanwhile.
 */
final class JobIntake implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(15);

    private final TrainerKafka kafka;
    private final JobService service;
    private final Semaphore slots;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<TrainingJob> values;
    private final RecoveringLoop loop;
    /** Set by a rebalance: which unfinished jobs are this instance's to recover is decided again. */
    private volatile boolean reconcileDue = true;
    private long nextReconcile;

    JobIntake(TrainerKafka kafka, JobService service, int workers, String instance, Duration sessionTimeout) {
        this.kafka = kafka;
        this.service = service;
        this.slots = new Semaphore(workers);
        Map<String, Object> c = new java.util.HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id",
                JobOwnership.GROUP, "enable.auto.commit", "false", "auto.offset.reset", "earliest", "max.poll.records", "1",
                "isolation.level", "read_committed", "client.id", JobOwnership.CLIENT_PREFIX + instance));
        // cooperative: a rebalance moves only the partitions that change hands, and running jobs go on
        c.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        c.put("session.timeout.ms", Long.toString(sessionTimeout.toMillis()));
        c.put("heartbeat.interval.ms", Long.toString(Math.max(100, sessionTimeout.toMillis() / 4)));
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.values = new AvroDeserializer<>(kafka.registry(), TrainingJob.class);
        this.loop = new RecoveringLoop("orbiter-job-intake", new RecoveringLoop.Body() {
            @Override
            public void round() {
                JobIntake.this.round();
            }

            @Override
            public void close() {
                consumer.close(Duration.ofSeconds(5));
            }
        }, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    void start() {
        consumer.subscribe(List.of(kafka.topics().trainingJobs().name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                // nothing stops: the jobs running here stay this instance's while it is alive
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                reconcileDue = true; // called after every rebalance, also one that assigned nothing new
            }

            @Override
            public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
                // this instance was taken for dead: its jobs there may be recovered elsewhere, so they stop here
                service.handOver(partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet()));
            }
        });
        loop.start();
    }

    /** A slot for a job this instance recovers; false when every worker is busy (it is tried again later). */
    boolean tryTake() {
        return slots.tryAcquire();
    }

    boolean alive() {
        return loop.alive();
    }

    /** Null while jobs are being taken; else why not (readiness shows it while the intake retries). */
    String problem() {
        return loop.problem();
    }

    /** A worker finished: one more job may be taken. */
    void release() {
        slots.release();
    }

    /**
     * One poll. A record whose handling or commit fails is read again in the next round (the
     * consumer seeks back to it), so a failure delays a job but never skips it; a job accepted
     * before the failure is recognised as handled when it comes back.
     */
    private void round() {
        long now = System.nanoTime();
        if (reconcileDue || now - nextReconcile > 0) {
            reconcileDue = false;
            nextReconcile = now + RECONCILE_EVERY.toNanos(); // also without a rebalance: a skipped recovery waits for a slot
            service.reconcile(consumer.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet()));
        }
        if (slots.availablePermits() == 0) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            try {
                handle(r);
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
            } catch (RuntimeException e) {
                consumer.seek(tp, r.offset());
                throw e;
            }
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
            submitted = service.accept(job, r.partition());
        } finally {
            if (!submitted) {
                slots.release();
            }
        }
    }

    @Override
    public void close() {
        loop.close(consumer::wakeup);
    }
}
