package dev.orbiter.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Capture throughput against raw Kafka, same broker, same run, each path warmed up first: a raw {@code KafkaProducer}
 * sending the Avro steps, the SDK's {@link TrajectoryEmitter}, and capture-service's
 * {@code POST /v1/steps} in batches of 100 and 1000 (4 requests in flight, posted by a separate JVM
 * at a lower priority so the figure is the service's, with the service's own CPU time per step).
 * Every figure is also a ratio to the raw producer. Starts its own broker and registry (test kit) and the capture
 * service's runnable jar as a child process, and stops them.
 *
 * <p>Run: {@code ./mvnw -B -pl bench -am -Pbench-capture verify -DskipTests} (after a package of
 * capture-service); results in {@code bench/target/capture-benchmark.{json,md}}.
 */
public final class CaptureBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 4;
    private static final int IN_FLIGHT = 4;
    private static final int SPANS_MIN = 1_024;

    private CaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path jar = Path.of(args.length > 1 ? args[1] : "capture-service/target/quarkus-app/quarkus-run.jar");
        Path out = Path.of(args.length > 2 ? args[2] : "bench/target");
        try {
            Map<String, Object> result = run(records, jar, out);
            Files.createDirectories(out);
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("capture-benchmark.json").toFile(), result);
            Files.writeString(out.resolve("capture-benchmark.md"), markdown(result), StandardCharsets.UTF_8);
        } finally {
            OrbiterTestStack.get().close(); // the broker's threads would keep the JVM alive
        }
    }

    /** Runs every scenario once on {@code records} generated steps; returns the figures. */
    public static Map<String, Object> run(int records, Path captureJar, Path workDir) throws Exception {
        OrbiterTestStack stack = OrbiterTestStack.get();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.ensure(admin, List.of(Topics.defaults().steps(), Topics.defaults().capturedCalls()));
        }
        List<TrajectoryItem> items = sized(Items.generate(records, 11));
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", stack.bootstrapServers());
        config.put(RegistryClientConfig.URL, stack.schemaRegistryUrl());

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("capture_records", records);
        r.put("avg_json_bytes", items.stream().mapToInt(i -> json(i).length).average().orElse(0));
        // Warm-up, not timed: raw and SDK once at full size (the JIT and the broker keep speeding up for a
        // while: with a fifth only, the first timed run of either was up to 2x slower); HTTP likewise, per batch size.
        raw(items, config);
        sdk(items, config);
        // Timed in ABBA order, median of each (Rounds).
        Rounds.Result rounds = Rounds.abba(ROUNDS, round -> raw(items, config), round -> sdk(items, config));
        double raw = rounds.medianA();
        double sdk = rounds.medianB();
        r.put("raw_producer_steps_per_s", raw);
        r.put("raw_producer_rounds", rounds.a());
        r.put("sdk_emitter_steps_per_s", sdk);
        r.put("sdk_emitter_rounds", rounds.b());
        r.put("sdk_ratio", sdk / raw);
        try (StubModel model = new StubModel(); CaptureProcess service = CaptureProcess.start(captureJar, stack, workDir,
                List.of("-Dorbiter.capture.gateway.upstream-url=" + model.baseUrl()))) {
            for (int batch : new int[] {100, 1000}) {
                http(r, service, records, batch, raw, workDir);
            }
            int spans = Math.max(SPANS_MIN, records / 2);
            GatewayBenchmark.otlpSpansPerSecond(service.baseUrl(), CaptureProcess.KEY, spans / 5); // warm-up
            double otlp = GatewayBenchmark.otlpSpansPerSecond(service.baseUrl(), CaptureProcess.KEY, spans);
            r.put("otlp_spans", spans);
            r.put("otlp_spans_per_s", otlp);
            r.put("otlp_ratio", otlp / raw);
            r.putAll(GatewayBenchmark.overhead(service.baseUrl(), model.baseUrl(), CaptureProcess.KEY,
                    Math.max(200, Math.min(2_000, records / 50))));
        }
        return r;
    }

    /**
     * One batch size over HTTP: the load generator in its own JVM at a lower priority (one untimed
     * full-size run, then {@code ROUNDS} timed), the median, its ratio to the raw producer, and the
     * service's own CPU time per step over the timed rounds (its process's user + system time).
     */
    private static void http(Map<String, Object> r, CaptureProcess service, int records, int batch, double raw,
                             Path workDir) throws Exception {
        java.time.Duration before = service.cpuTime();
        double[] rounds = HttpIngest.inChildProcess(service.baseUrl(), CaptureProcess.KEY, records, batch, IN_FLIGHT,
                ROUNDS, workDir.resolve("http-ingest-" + batch + ".log"));
        double cpuMicros = service.cpuTime().minus(before).toNanos() / 1e3;
        double http = Rounds.median(rounds);
        String k = "http_batch_" + batch;
        r.put(k + "_steps_per_s", http);
        r.put(k + "_rounds", rounds);
        r.put(k + "_ratio", http / raw);
        // the warm-up run is in the CPU time too: per step over every step sent
        r.put(k + "_service_cpu_us_per_step", cpuMicros / ((double) records * (ROUNDS + 1)));
    }

    /** The same items through a bare producer: converted to Avro steps in the loop, as the SDK must. */
    private static double raw(List<TrajectoryItem> items, Map<String, Object> config) {
        Map<String, Object> p = new HashMap<>(config);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSerializer<TrajectoryStep> values = new AvroSerializer<>();
        values.configure(p, false);
        try (KafkaProducer<String, TrajectoryStep> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>("orbiter.steps", "warm", StepCodec.toStep(items.get(0), "bench", null)));
            producer.flush(); // the schema is registered before the clock starts
            long start = System.nanoTime();
            for (TrajectoryItem item : items) {
                TrajectoryStep s = StepCodec.toStep(item, "bench", null);
                producer.send(new ProducerRecord<>("orbiter.steps", s.getTaskId(), s));
            }
            producer.flush();
            return items.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double sdk(List<TrajectoryItem> items, Map<String, Object> config) {
        Map<String, Object> p = new HashMap<>(config);
        p.put(TrajectoryEmitter.SOURCE, "bench");
        try (TrajectoryEmitter emitter = TrajectoryEmitter.create(p)) {
            emitter.emit(items.get(0)).toCompletableFuture().join();
            long start = System.nanoTime();
            for (TrajectoryItem item : items) {
                emitter.emit(item);
            }
            emitter.flush();
            return items.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Pads each generated item's output so its JSON is about 512 bytes, the record size. */
    static List<TrajectoryItem> sized(List<TrajectoryItem> items) {
        List<TrajectoryItem> out = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            int pad = Math.max(0, 512 - json(item).length);
            out.add(item.toBuilder().output(item.output() + " " + "x".repeat(Math.max(0, pad - 1))).build());
        }
        return out;
    }

    static byte[] json(TrajectoryItem item) {
        try {
            return JSON.writeValueAsBytes(item.toMap());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String markdown(Map<String, Object> r) {
        double raw = (double) r.get("raw_producer_steps_per_s");
        StringBuilder b = new StringBuilder("| path | steps/s | ratio to raw producer |\n|---|---|---|\n");
        b.append(String.format("| raw `KafkaProducer` (Avro, acks=all, idempotent) | %,.0f | 1.00 |%n", raw));
        b.append(String.format("| SDK `TrajectoryEmitter` | %,.0f | %.2f |%n", r.get("sdk_emitter_steps_per_s"),
                r.get("sdk_ratio")));
        for (int batch : new int[] {100, 1000}) {
            b.append(String.format("| HTTP `POST /v1/steps`, batches of %d, 4 in flight (service CPU %.1f us/step) | %,.0f | %.2f |%n",
                    batch, r.get("http_batch_" + batch + "_service_cpu_us_per_step"),
                    r.get("http_batch_" + batch + "_steps_per_s"), r.get("http_batch_" + batch + "_ratio")));
        }
        b.append(String.format("%n%,d steps of ~%.0f JSON bytes each, raw and SDK: median of 4 rounds in ABBA order after a full-size warm-up; HTTP: a full-size warm-up, then the median of 4 rounds, posted by a separate JVM at nice 10; same broker.%n", r.get("capture_records"),
                r.get("avg_json_bytes")));
        return b.toString();
    }
}
