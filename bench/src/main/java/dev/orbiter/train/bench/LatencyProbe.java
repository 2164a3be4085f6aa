package dev.orbiter.train.bench;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.curation.CurationSerdes;
import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.CurationTopics;
import dev.orbiter.train.curation.CurationTopology;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Produce-to-dataset latency: steps sent at a fixed rate through the running curation topology;
 * a read_committed consumer of the dataset topic takes, for each record, its arrival time minus
 * its timestamp (the producer's send time, which the topology keeps). A fresh application starts
 * behind (its first transactions, store opening and the JIT of its first records) and catches up
 * over several seconds; so the first {@link #START_SECONDS} seconds of sending are reported on
 * their own ({@code latency_start_*}) and the steady-state figures are over the seconds after.
 */
final class LatencyProbe {

    /** The start of sending reported apart: a fresh application caught up within about 8 s here. */
    static final int START_SECONDS = 10;
    /**
     * The same for the curation in a JVM of its own, which starts cold (the one beside the broker
     * has JIT-compiled the topology in the throughput runs): 10 s left it seconds behind, so that
     * its backlog drained into the steady-state window (p99 749 ms there, in a single run).
     */
    static final int OWN_JVM_START_SECONDS = 30;

    private LatencyProbe() {
    }

    /**
     * {@code ownJvm}: the curation runs in a child JVM ({@link CurationProcess}), as in production,
     * and the figures are under {@code latency_own_jvm_*}; else in this one, under {@code latency_*}.
     */
    static Map<String, Object> measure(OrbiterTestStack stack, CurationSerdes serdes, String prefix, int rate, int seconds,
                                       Path workDir, boolean ownJvm) throws Exception {
        Map<String, String> config = StreamsBenchmark.curationConfig(prefix + ".steps", prefix + ".rewards", prefix);
        CurationSettings settings = CurationTopics.ensure(CurationSettings.fromConfig(config), stack.bootstrapServers());
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong arrived = new java.util.concurrent.atomic.AtomicLong();
        Properties streamsProps = StreamsBenchmark.streamsProps(stack, prefix, workDir);
        try (AutoCloseable curation = ownJvm ? CurationProcess.start(childConfig(config, streamsProps, stack),
                workDir.resolve(prefix)) : inThisJvm(settings, serdes, streamsProps)) {
            Thread reader = new Thread(() -> read(stack, serdes, settings.dataset("bench").topic(), latencies, stop,
                    arrived), "latency-reader");
            reader.setDaemon(true); // a failed send must not leave the JVM waiting on it
            reader.start();
            int startSeconds = ownJvm ? OWN_JVM_START_SECONDS : START_SECONDS;
            long steadyFrom = System.currentTimeMillis() + startSeconds * 1000L;
            long sent;
            try {
                sent = send(stack, serdes, settings.topics().steps().name(), rate, startSeconds + seconds);
                long until = System.currentTimeMillis() + 30_000; // every record is unique and above the minimum score
                while (arrived.get() < sent && System.currentTimeMillis() < until) {
                    Thread.sleep(20); // polling the consumer's count of arrived records, not a timing assumption
                }
            } finally {
                stop.set(true);
                reader.join();
            }
            return figures(ownJvm ? "latency_own_jvm_" : "latency_", latencies, steadyFrom, rate, sent, arrived.get(),
                    startSeconds, seconds);
        }
    }

    private static AutoCloseable inThisJvm(CurationSettings settings, CurationSerdes serdes, Properties props)
            throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(CurationTopology.build(settings, serdes, props), props);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        if (!running.await(120, TimeUnit.SECONDS)) {
            streams.close();
            throw new IllegalStateException("the curation did not reach RUNNING in 120 s");
        }
        return streams::close;
    }

    /** One map for {@code CurationRunner}: the curation settings, the Streams properties and the registry. */
    private static Map<String, String> childConfig(Map<String, String> curation, Properties streams, OrbiterTestStack stack) {
        Map<String, String> c = new LinkedHashMap<>(curation);
        streams.stringPropertyNames().forEach(k -> c.put(k, streams.getProperty(k)));
        c.put("schema.registry.url", stack.schemaRegistryUrl());
        return c;
    }

    private static Map<String, Object> figures(String k, List<long[]> latencies, long steadyFrom, int rate, long sent,
                                               long arrived, int startSeconds, int seconds) {
        List<Long> start = new ArrayList<>();
        List<Long> steady = new ArrayList<>();
        synchronized (latencies) {
            latencies.forEach(l -> (l[0] < steadyFrom ? start : steady).add(l[1]));
        }
        Collections.sort(start);
        Collections.sort(steady);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(k + "rate_steps_per_s", rate);
        r.put(k + "sent", sent);
        r.put(k + "arrived", arrived);
        r.put(k + "start_seconds", startSeconds);
        r.put(k + "start_p50_ms", percentile(start, 0.50));
        r.put(k + "start_p99_ms", percentile(start, 0.99));
        r.put(k + "start_max_ms", start.isEmpty() ? 0 : start.get(start.size() - 1));
        r.put(k + "seconds", seconds);
        r.put(k + "measured", steady.size());
        r.put(k + "p50_ms", percentile(steady, 0.50));
        r.put(k + "p99_ms", percentile(steady, 0.99));
        r.put(k + "max_ms", steady.isEmpty() ? 0 : steady.get(steady.size() - 1));
        return r;
    }

    private static long send(OrbiterTestStack stack, CurationSerdes serdes, String topic, int rate, int seconds) {
        long total = (long) rate * seconds;
        List<TrajectoryItem> items = CaptureBenchmark.sized(Items.generate((int) total, 99));
        try (KafkaProducer<String, TrajectoryStep> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.bootstrapServers(), "linger.ms", "1", "acks", "all"), new StringSerializer(),
                serdes.steps().serializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                TrajectoryItem item = items.get(i).toBuilder().id(String.format("lat%09d", i))
                        .input("unique prompt " + i + " " + items.get(i).input()).score(0.9).build();
                TrajectoryStep s = StepCodec.toStep(item, "bench", null);
                p.send(new ProducerRecord<>(topic, s.getTaskId(), s));
            }
            p.flush();
        }
        return total;
    }

    /** Collects {send time, latency} of every record of the dataset topic until stopped. */
    private static void read(OrbiterTestStack stack, CurationSerdes serdes, String topic, List<long[]> out,
                             AtomicBoolean stop, java.util.concurrent.atomic.AtomicLong arrived) {
        try (KafkaConsumer<String, TrajectoryStep> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                stack.bootstrapServers(), "isolation.level", "read_committed", "fetch.max.wait.ms", "10"),
                new StringDeserializer(), serdes.steps().deserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (!stop.get()) {
                for (ConsumerRecord<String, TrajectoryStep> r : c.poll(Duration.ofMillis(20))) {
                    arrived.incrementAndGet();
                    out.add(new long[] {r.timestamp(), System.currentTimeMillis() - r.timestamp()});
                }
            }
        }
    }

    private static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
