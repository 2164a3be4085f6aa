package dev.orbiter.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every benchmark in one run on one broker and registry of its own, written as one table
 * ({@code benchmarks.md}) and its figures ({@code benchmarks.json}): capture (raw producer, SDK,
 * HTTP batches of 100 and 1000), Streams (pass-through, full curation, latency), export (raw
 * consumer, dataset read, JSONL export) and the core JMH figures. Every service figure is given as
 * a ratio to its raw Kafka counterpart of the same run. {@code --quick} sizes it for a smoke run;
 * {@code --update-readme FILE} replaces the table between the README's bench markers.
 *
 * <p>Run: {@code ./mvnw -B -pl bench -am -Pbench-all verify -DskipTests} (about 10 minutes here).
 */
public final class BenchHarness {

    static final String START = "<!-- bench:start -->";
    static final String END = "<!-- bench:end -->";

    private BenchHarness() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path readme = null;
        Path out = Path.of("bench/target");
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--update-readme" -> readme = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--root" -> root = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        try {
            Map<String, Object> r = run(quick, root, out);
            String table = markdown(r);
            System.out.println(table);
            if (readme != null) {
                updateReadme(readme, table);
            }
        } finally {
            OrbiterTestStack.get().close();
        }
    }

    /** Runs everything; writes benchmarks.{json,md} into {@code out}; returns the figures. */
    public static Map<String, Object> run(boolean quick, Path root, Path out) throws Exception {
        Files.createDirectories(out);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", quick ? "quick" : "full");
        Path jar = root.resolve("capture-service/target/quarkus-app/quarkus-run.jar");
        merge(r, CaptureBenchmark.run(quick ? 2_000 : 100_000, jar, out.resolve("capture-work")));
        merge(r, StreamsBenchmark.run(quick ? 2_000 : 50_000, quick ? 200 : 5_000, quick ? 3 : 10, quick,
                out.resolve("streams-work")));
        merge(r, ExportBenchmark.run(quick ? 2_000 : 100_000, out.resolve("export-work")));
        merge(r, jmh(quick));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("benchmarks.json").toFile(), r);
        Files.writeString(out.resolve("benchmarks.md"), markdown(r), StandardCharsets.UTF_8);
        return r;
    }

    /**
     * Adds one benchmark's figures; a key another benchmark already wrote is an error (both once
     * wrote "records", and the JSON kept only the last one's count).
     */
    static void merge(Map<String, Object> figures, Map<String, Object> part) {
        for (Map.Entry<String, Object> e : part.entrySet()) {
            if (figures.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalStateException("two benchmarks write the figure " + e.getKey());
            }
        }
    }

    private static Map<String, Object> jmh(boolean quick) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        for (Class<?> b : new Class<?>[] {PipelineBenchmark.class, NearDupBenchmark.class}) {
            OptionsBuilder o = new OptionsBuilder();
            o.include(b.getName() + ".*").forks(quick ? 0 : 1).warmupIterations(quick ? 0 : 2)
                    .measurementIterations(quick ? 1 : 4).measurementTime(TimeValue.seconds(quick ? 1 : 5))
                    .warmupTime(TimeValue.seconds(5)).shouldFailOnError(true);
            Collection<RunResult> results = new Runner(o.build()).run();
            RunResult res = results.iterator().next();
            r.put("jmh_" + b.getSimpleName() + "_items_per_s", res.getPrimaryResult().getScore());
            r.put("jmh_" + b.getSimpleName() + "_error", res.getPrimaryResult().getScoreError());
        }
        return r;
    }

    static String markdown(Map<String, Object> r) {
        StringBuilder b = new StringBuilder("| figure | value | ratio to raw Kafka (same run) |\n|---|---|---|\n");
        row(b, "raw `KafkaProducer` (Avro, acks=all, idempotent)", r, "raw_producer_steps_per_s", null);
        row(b, "SDK `TrajectoryEmitter`", r, "sdk_emitter_steps_per_s", "sdk_ratio");
        for (int batch : new int[] {100, 1000}) {
            String k = "http_batch_" + batch;
            row(b, String.format("capture HTTP, batches of %d (service CPU %.1f us/step)", batch,
                    ((Number) r.get(k + "_service_cpu_us_per_step")).doubleValue()), r, k + "_steps_per_s", k + "_ratio");
        }
        row(b, "OTLP/HTTP trace export (protobuf, 512 GenAI spans per request) into captured calls", r, "otlp_spans_per_s",
                "otlp_ratio");
        b.append(String.format("| gateway: added latency per chat completion (%s calls, one at a time, vs the upstream "
                + "directly) | p50 %.2f ms, p99 %.2f ms (upstream alone: p50 %.2f ms, p99 %.2f ms) | |%n",
                r.get("gateway_calls"), r.get("gateway_added_p50_ms"), r.get("gateway_added_p99_ms"),
                r.get("upstream_direct_p50_ms"), r.get("upstream_direct_p99_ms")));
        row(b, "Kafka Streams pass-through (exactly_once_v2), templated corpus", r, "streams_passthrough_steps_per_s", null);
        row(b, "full curation topology, templated corpus", r, "curation_steps_per_s", "curation_ratio");
        row(b, "Kafka Streams pass-through (exactly_once_v2), agent-text corpus", r, "agent_streams_passthrough_steps_per_s",
                null);
        row(b, "full curation topology, agent-text corpus", r, "agent_curation_steps_per_s", "agent_curation_ratio");
        b.append(StreamsBenchmark.latencyRow(r));
        row(b, "raw `KafkaConsumer` of a dataset topic", r, "raw_consumer_steps_per_s", null);
        row(b, "dataset read (`DatasetReader`, latest per key)", r, "dataset_read_steps_per_s", "dataset_read_ratio");
        row(b, "dataset read + JSONL export", r, "dataset_export_jsonl_steps_per_s", "dataset_export_ratio");
        b.append(String.format("| snapshot of %,d items: take, storage | %.2f s, %.1f MB | |%n",
                ((Number) r.get("snapshot_items")).longValue(), ((Number) r.get("snapshot_take_seconds")).doubleValue(),
                ((Number) r.get("snapshot_storage_bytes")).doubleValue() / 1e6));
        row(b, "raw `KafkaConsumer` of a snapshot's storage topic", r, "snapshot_raw_consumer_steps_per_s", null);
        row(b, "snapshot read (`DatasetReader.read`, digest checked)", r, "snapshot_read_steps_per_s", "snapshot_read_ratio");
        row(b, "JMH core pipeline (filter, dedup, split, JSONL)", r, "jmh_PipelineBenchmark_items_per_s", null);
        row(b, "JMH near-dedup at 0.8", r, "jmh_NearDupBenchmark_items_per_s", null);
        b.append(String.format("%nsteps/s unless noted; mode %s; ratios: SDK, HTTP and OTLP (spans/s) to the raw producer, curation to the "
                + "pass-through, dataset read and export to the raw consumer of the dataset topic, snapshot read to the raw consumer of its storage topic.%n", r.get("mode")));
        return b.toString();
    }

    private static void row(StringBuilder b, String what, Map<String, Object> r, String key, String ratio) {
        b.append(String.format("| %s | %,.0f | %s |%n", what, ((Number) r.get(key)).doubleValue(),
                ratio == null ? (key.startsWith("jmh") ? "" : "1.00") : String.format("%.2f", ((Number) r.get(ratio)).doubleValue())));
    }

    static void updateReadme(Path readme, String table) throws java.io.IOException {
        String s = Files.readString(readme);
        int a = s.indexOf(START);
        int z = s.indexOf(END);
        if (a < 0 || z < a) {
            throw new IllegalStateException(readme + " has no " + START + " ... " + END + " section");
        }
        Files.writeString(readme, s.substring(0, a + START.length()) + "\n" + table + s.substring(z));
    }
}
