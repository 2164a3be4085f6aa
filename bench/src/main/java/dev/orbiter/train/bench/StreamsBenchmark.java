package dev.orbiter.train.bench;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.curation.CurationSerdes;
import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.CurationTopics;
import dev.orbiter.train.curation.CurationTopology;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Curation throughput next to a pass-through Kafka Streams app, both exactly_once_v2, one stream
 * thread, same broker, same preloaded steps: the pass-through reads the Avro steps, filters by
 * score and writes them; the curation runs one dataset with strategies, a minimum score, exact and
 * near (0.9) dedup. Each is timed from RUNNING until its consumer group has committed every input
 * offset (repartition topics included), on two corpora: {@link Items}' templated steps padded to
 * 512 bytes, and {@link AgentCorpus}' free agent text of varied length. Then the produce-to-dataset
 * latency at a fixed rate.
 */
public final class StreamsBenchmark {

    /** Timed rounds per side in a full run; a quick (smoke) run times one and warms up nothing. */
    private static final int ROUNDS = 2;

    private StreamsBenchmark() {
    }

    /** {@code StreamsBenchmark [records] [latency rate] [latency seconds] [out dir]}: writes streams-benchmark.{json,md}. */
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path out = Path.of(args.length > 3 ? args[3] : "bench/target");
        try {
            Map<String, Object> r = run(records, rate, seconds, false, out.resolve("streams-work"));
            Files.createDirectories(out);
            new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(out.resolve("streams-benchmark.json").toFile(), r);
            Files.writeString(out.resolve("streams-benchmark.md"), markdown(r));
            System.out.println(markdown(r));
        } finally {
            OrbiterTestStack.get().close();
        }
    }

    static String markdown(Map<String, Object> r) {
        StringBuilder b = new StringBuilder("| path | figure | ratio |\n|---|---|---|\n");
        for (String corpus : new String[] {"", "agent_"}) {
            String name = corpus.isEmpty() ? "templated corpus" : "agent-text corpus";
            b.append(String.format("| Streams pass-through (read, filter, write; exactly_once_v2), %s | %,.0f steps/s | 1.00 |%n",
                    name, r.get(corpus + "streams_passthrough_steps_per_s")));
            b.append(String.format("| full curation (strategies, min score, exact + near dedup), %s | %,.0f steps/s | %.2f |%n",
                    name, r.get(corpus + "curation_steps_per_s"), r.get(corpus + "curation_ratio")));
        }
        b.append(latencyRow(r));
        return b.toString();
    }

    /** The latency rows, curation beside the broker and in its own JVM: steady state, and the start apart. */
    static String latencyRow(Map<String, Object> r) {
        return latencyRow(r, "latency_", "") + latencyRow(r, "latency_own_jvm_", ", curation in its own JVM");
    }

    private static String latencyRow(Map<String, Object> r, String k, String where) {
        return String.format("| produce-to-dataset latency at %s steps/s%s | p50 %s ms, p99 %s ms (the first %s s of a "
                + "fresh application: p50 %s ms, p99 %s ms) | |%n", r.get(k + "rate_steps_per_s"), where, r.get(k + "p50_ms"),
                r.get(k + "p99_ms"), r.get(k + "start_seconds"), r.get(k + "start_p50_ms"), r.get(k + "start_p99_ms"));
    }

    /**
     * Both corpora, then the latency probe twice (the curation beside the broker, then in its own
     * JVM). {@code quick}: one timed round per side and no warm-up, for the smoke test, which checks
     * that every figure is there, not what it is (each Streams application costs seconds to start
     * and stop: twelve of them were most of the smoke run).
     */
    public static Map<String, Object> run(int records, int latencyRate, int latencySeconds, boolean quick, Path workDir)
            throws Exception {
        OrbiterTestStack stack = OrbiterTestStack.get();
        String run = "sb-" + UUID.randomUUID().toString().substring(0, 6);
        CurationSerdes serdes = CurationSerdes.fromConfig(Map.of("schema.registry.url", stack.schemaRegistryUrl()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("curation_records", records);
        r.putAll(corpus(stack, serdes, run, "", CaptureBenchmark.sized(Items.generate(records, 23)), quick,
                workDir));
        r.putAll(corpus(stack, serdes, run + "-agent", "agent_", AgentCorpus.generate(records, 29), quick, workDir));
        r.putAll(LatencyProbe.measure(stack, serdes, run + "-lat", latencyRate, latencySeconds, workDir, false));
        // the same in production's shape, the curation apart from the broker's collections
        r.putAll(LatencyProbe.measure(stack, serdes, run + "-lat-own", latencyRate, latencySeconds, workDir, true));
        return r;
    }

    /** Pass-through and curation on one corpus, in a topic of its own; keys start with {@code label}. */
    private static Map<String, Object> corpus(OrbiterTestStack stack, CurationSerdes serdes, String run, String label,
                                              List<TrajectoryItem> items, boolean quick, Path workDir)
            throws Exception {
        Map<String, String> curation = curationConfig(run + ".steps", run + ".rewards", run);
        CurationSettings settings = CurationTopics.ensure(CurationSettings.fromConfig(curation), stack.bootstrapServers());
        long bytes = preload(stack, serdes.steps(), run + ".steps", items);
        ensure(stack, run + ".pass-out");
        int records = items.size();
        // Warm-up, not timed: both once over the whole input as applications of their own (JIT,
        // connections, page cache; with a 5,000-step warm-up the later runs were still up to 1.7x faster).
        if (!quick) {
            timePassThrough(stack, serdes, run, -1, workDir);
            time(stack, CurationTopology.build(settings, serdes, streamsProps(stack, "x", workDir)), run + "-cur-warm",
                    workDir);
        }

        // Timed in ABBA order (pass-through, curation, curation, pass-through), each run a fresh
        // application on the same input; the median of each: single runs of the pass-through
        // varied from 68,000 to 118,000 steps/s on this machine.
        Rounds.Result rounds = Rounds.abba(quick ? 1 : ROUNDS,
                round -> records / timePassThrough(stack, serdes, run, round, workDir),
                round -> records / time(stack, CurationTopology.build(settings, serdes, streamsProps(stack, "x", workDir)),
                        run + "-curation-" + round, workDir));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(label + "avg_record_bytes", (double) bytes / records);
        r.put(label + "streams_passthrough_steps_per_s", rounds.medianA());
        r.put(label + "streams_passthrough_rounds", rounds.a());
        r.put(label + "curation_steps_per_s", rounds.medianB());
        r.put(label + "curation_rounds", rounds.b());
        r.put(label + "curation_ratio", rounds.medianB() / rounds.medianA());
        return r;
    }

    static Map<String, String> curationConfig(String steps, String rewards, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("orbiter.topics.steps.name", steps);
        c.put("orbiter.topics.rewards.name", rewards);
        c.put("orbiter.topics.captured-calls.name", prefix + ".captured-calls"); // its own, empty: not the capture bench's
        c.put("orbiter.topics.dataset-snapshots.name", prefix + ".snapshots");
        c.put("orbiter.topics.dataset-prefix", prefix + ".dataset.");
        c.put("orbiter.topics.dlq-prefix", prefix + ".dlq.");
        c.put("orbiter.datasets.bench.strategies", "status=success,output-length=1..4000");
        c.put("orbiter.datasets.bench.min-score", "0.3");
        c.put("orbiter.datasets.bench.near-dedup.threshold", "0.9");
        return c;
    }

    /** The baseline: read Avro steps, keep score >= 0.3, write them; exactly_once_v2 like the curation. */
    static Topology passThrough(Serde<TrajectoryStep> steps, String in, String out) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.String(), steps).withName("pt-source"))
                .filter((k, v) -> v.getScore() != null && v.getScore() >= 0.3, Named.as("pt-filter"))
                .to(out, Produced.with(Serdes.String(), steps).withName("pt-sink"));
        return b.build();
    }

    static Properties streamsProps(OrbiterTestStack stack, String appId, Path workDir) throws java.io.IOException {
        Properties p = CurationTopology.defaults();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(workDir.resolve("state")).toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        return p;
    }

    private static double timePassThrough(OrbiterTestStack stack, CurationSerdes serdes, String run, int round,
                                          Path workDir) throws Exception {
        return time(stack, passThrough(serdes.steps(), run + ".steps", run + ".pass-out"), run + "-pt-" + round, workDir);
    }

    /** Seconds from RUNNING until the application has committed every offset of its inputs. */
    private static double time(OrbiterTestStack stack, Topology topology, String appId, Path workDir) throws Exception {
        Properties p = streamsProps(stack, appId, workDir);
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(120, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(appId + " did not reach RUNNING");
            }
            long start = System.nanoTime();
            GroupProgress.awaitCaughtUp(stack.bootstrapServers(), appId, java.time.Duration.ofMinutes(10),
                    () -> streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.PENDING_ERROR);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    static void ensure(OrbiterTestStack stack, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.ensure(admin, List.of(new TopicSpec(topic, 3, (short) 1, TopicSpec.DELETE, "task id",
                    "TrajectoryStep", Map.of())));
        }
    }

    /** Writes the steps; returns the total size of their Avro values on the wire. */
    static long preload(OrbiterTestStack stack, Serde<TrajectoryStep> steps, String topic, List<TrajectoryItem> items) {
        long bytes = 0;
        org.apache.kafka.common.serialization.Serializer<TrajectoryStep> serializer = steps.serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.bootstrapServers(), "linger.ms", "10", "batch.size", "262144"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (TrajectoryItem item : items) {
                TrajectoryStep s = StepCodec.toStep(item, "bench", null);
                byte[] value = serializer.serialize(topic, s);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, s.getTaskId(), value));
            }
            producer.flush();
        }
        return bytes;
    }
}
