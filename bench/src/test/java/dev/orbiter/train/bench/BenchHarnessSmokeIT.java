package dev.orbiter.train.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole benchmark harness in {@code --quick} mode inside {@code ./mvnw -B verify}: every
 * benchmark runs and yields a number, and the table is written. Nothing about speed is asserted.
 */
class BenchHarnessSmokeIT {

    @Test
    void givenAQuickRun_whenTheHarnessRuns_thenEveryFigureAndRatioIsThere() throws Exception {
        Path root = Path.of(System.getProperty("orbiter.project.root", ".."));
        Path out = Path.of("target", "bench-smoke");

        Map<String, Object> r = BenchHarness.run(true, root, out);

        for (String key : new String[] {"raw_producer_steps_per_s", "sdk_ratio", "http_batch_100_ratio", "http_batch_1000_ratio",
                "http_batch_1000_service_cpu_us_per_step", "otlp_spans_per_s",
                "otlp_ratio", "upstream_direct_p50_ms", "gateway_p50_ms", "gateway_p99_ms",
                "streams_passthrough_steps_per_s", "curation_ratio", "agent_streams_passthrough_steps_per_s",
                "agent_curation_ratio", "latency_p50_ms", "latency_p99_ms", "latency_start_p99_ms", "latency_own_jvm_p99_ms",
                "raw_consumer_steps_per_s", "dataset_read_ratio", "dataset_export_ratio",
                "snapshot_take_seconds", "snapshot_storage_bytes", "snapshot_read_ratio",
                "jmh_PipelineBenchmark_items_per_s", "jmh_NearDupBenchmark_items_per_s"}) {
            assertThat(r).containsKey(key);
            assertThat(((Number) r.get(key)).doubleValue()).as(key).isPositive();
        }
        assertThat(((Number) r.get("curation_steps_per_s")).doubleValue()).isPositive();
        assertThat(Files.readString(out.resolve("benchmarks.md"))).contains("| full curation topology, templated corpus |")
                .contains("| full curation topology, agent-text corpus |")
                .contains("| gateway: added latency per chat completion")
                .contains("| produce-to-dataset latency at ").contains(" steps/s, curation in its own JVM |");
    }
}
