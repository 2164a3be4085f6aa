package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.JobStatus;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.client.background.RecoveringLoop;
import dev.orbiter.train.client.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * What every job is and how it went, read from the three job topics from their beginning (the
 * topics are the source of truth, so the view is the same after a restart): the submitted spec,
 * every state change, and the metric events (the most recent {@code metricsPerJob} per job). It
 * feeds the REST API, the dashboard's server-sent events and the recovery of abandoned jobs.
 */
public final class JobView implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobView.class);
    static final Set<String> TERMINAL = Set.of("completed", "failed");

    /** One job: its spec (if seen), its state changes, its recent metric events, the last step per phase. */
    public static final class Job {
        volatile TrainingJob spec;
        /** The partition of {@code orbiter.training.jobs} its spec was read from; -1 until then. */
        volatile int partition = -1;
        /** The instance named by its newest status (null: none named). */
        volatile String owner;
        final List<JobStatus> statuses = new CopyOnWriteArrayList<>();
        final Deque<TrainingMetric> metrics = new ArrayDeque<>();
        final Map<String, Long> lastStep = new ConcurrentHashMap<>();

        public TrainingJob spec() {
            return spec;
        }

        public List<JobStatus> statuses() {
            return statuses;
        }

        /** The trainer instance its newest status names: the one running it (null when none is named). */
        public String owner() {
            return owner;
        }

        int partition() {
            return partition;
        }

        /** The tenant of whoever submitted it (null: submitted without authentication, or its spec not read yet). */
        public String tenant() {
            TrainingJob s = spec;
            return s == null ? null : s.getTenant();
        }

        public synchronized List<TrainingMetric> metrics() {
            return new ArrayList<>(metrics);
        }

        /** The newest state; a cancel request changes none (it may even arrive after the job ended). */
        public String state() {
            for (int i = statuses.size() - 1; i >= 0; i--) {
                if (!statuses.get(i).getCancelRequested()) {
                    return statuses.get(i).getState();
                }
            }
            return "submitted";
        }

        public boolean terminal() {
            return TERMINAL.contains(state());
        }

        /** Whether its newest status asks for it to be cancelled. */
        public boolean cancelRequested() {
            return !statuses.isEmpty() && statuses.get(statuses.size() - 1).getCancelRequested();
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    /** Told the id of every job whose cancel was requested (the service cancels it if it runs here). */
    private volatile Consumer<String> cancelRequests = id -> { };
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    /** Events of jobs whose spec is not read yet (the view's thread only). */
    private final HeldEvents held;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<TrainingJob> jobValues;
    private final AvroDeserializer<JobStatus> statusValues;
    private final AvroDeserializer<TrainingMetric> metricValues;
    private final TrainerKafka kafka;
    private final int metricsPerJob;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final RecoveringLoop loop;
    private Map<TopicPartition, Long> end;

    JobView(TrainerKafka kafka, int metricsPerJob) {
        this.kafka = kafka;
        this.metricsPerJob = metricsPerJob;
        this.held = new HeldEvents(Math.max(64, metricsPerJob), this::publish); // room for a job's statuses at any setting
        this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "isolation.level",
                "read_committed", "enable.auto.commit", "false", "client.id", "orbiter-trainer-view"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.jobValues = new AvroDeserializer<>(kafka.registry(), TrainingJob.class);
        this.statusValues = new AvroDeserializer<>(kafka.registry(), JobStatus.class);
        this.metricValues = new AvroDeserializer<>(kafka.registry(), TrainingMetric.class);
        this.loop = new RecoveringLoop("orbiter-trainer-view", new RecoveringLoop.Body() {
            @Override
            public void round() {
                JobView.this.round();
            }

            @Override
            public void close() {
                consumer.close();
            }
        }, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    void start() {
        loop.start();
    }

    /** Null while the view keeps up; else why not (readiness shows it while the view retries). */
    String problem() {
        return loop.problem();
    }

    /**
     * Whether the view has read the status topic up to {@code ends} (partition to offset) within the
     * timeout: what a decision on other instances' jobs waits for, so it is not taken on stale states.
     */
    boolean awaitStatuses(Map<TopicPartition, Long> ends, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positions) { // the view's thread notifies after each round (100 ms polls)
            while (!ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                positions.wait(left);
            }
        }
        return true;
    }

    /** Whether every event written before the view started has been read. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Collection<Map.Entry<String, Job>> all() {
        return new ArrayList<>(jobs.entrySet());
    }

    public Job job(String id) {
        return jobs.get(id);
    }

    /** Who is told of cancel requests read from now on. */
    void onCancelRequest(Consumer<String> listener) {
        this.cancelRequests = listener;
    }

    /** Tells {@code listener} of every status and metric event read from now on (as JSON-ready maps). */
    public Runnable subscribe(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The job's entry, created if needed (the service records specs it accepts before they are read back). */
    Job track(String id) {
        return jobs.computeIfAbsent(id, k -> new Job());
    }

    /**
     * One poll, after the assignment (retried until the topics can be described). The consumer
     * keeps its positions across a failed round, so no event is applied twice or skipped.
     */
    private void round() {
        if (end == null) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : List.of(kafka.topics().trainingJobs().name(), kafka.topics().trainingStatus().name(),
                    kafka.topics().trainingMetrics().name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            end = new HashMap<>(consumer.endOffsets(parts));
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            apply(r);
        }
        synchronized (positions) {
            for (TopicPartition tp : end.keySet()) {
                if (tp.topic().equals(kafka.topics().trainingStatus().name())) {
                    positions.put(tp, consumer.position(tp)); // read by other threads: the consumer is this thread's
                }
            }
            positions.notifyAll();
        }
        if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp.countDown();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null || r.key() == null) {
            return;
        }
        try {
            if (r.topic().equals(kafka.topics().trainingJobs().name())) {
                TrainingJob spec = jobValues.deserialize(r.topic(), r.value());
                Job j = track(spec.getJobId());
                if (j.spec == null) {
                    j.spec = spec;
                }
                if (j.partition < 0) {
                    j.partition = r.partition();
                }
                held.release(spec.getJobId());
            } else if (r.topic().equals(kafka.topics().trainingStatus().name())) {
                JobStatus s = statusValues.deserialize(r.topic(), r.value());
                Job j = track(s.getJobId());
                j.statuses.add(s);
                j.owner = s.getInstance();
                if (s.getCancelRequested()) {
                    cancelRequests.accept(s.getJobId());
                }
                held.offer(s.getJobId(), j.spec != null, EventJson.status(s));
            } else {
                TrainingMetric m = metricValues.deserialize(r.topic(), r.value());
                Job j = track(m.getJobId());
                synchronized (j) {
                    j.metrics.addLast(m);
                    while (j.metrics.size() > metricsPerJob) {
                        j.metrics.removeFirst();
                    }
                }
                j.lastStep.merge(m.getPhase(), m.getStep(), Math::max);
                held.offer(m.getJobId(), j.spec != null, EventJson.metric(m));
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable event at %s-%d@%d key=%s: %s", r.topic(), r.partition(), r.offset(), r.key(), e);
        }
    }

    private void publish(Map<String, Object> event) {
        for (Consumer<Map<String, Object>> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                listeners.remove(l); // a gone SSE client
            }
        }
    }

    /** The largest step already published for a job and phase, or -1. */
    long lastStep(String jobId, String phase) {
        Job j = jobs.get(jobId);
        return j == null ? -1 : j.lastStep.getOrDefault(phase, -1L);
    }

    @Override
    public void close() {
        loop.close(consumer::wakeup);
    }

    static Map<String, Object> copy(Map<String, ?> m) {
        return new LinkedHashMap<>(m);
    }
}
