package dev.orbiter.train.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Streams benchmark at smoke size inside {@code ./mvnw -B verify}: every scenario runs and
 * yields a number. Nothing about speed is asserted; the real run is {@code -Pbench-streams}.
 */
class StreamsBenchmarkSmokeIT {

    @Test
    void givenASmallRun_whenTheStreamsBenchmarkRuns_thenEveryScenarioProducesAFigure() throws Exception {
        Map<String, Object> r = StreamsBenchmark.run(2_000, 200, 3, Path.of("target", "streams-smoke"));

        assertThat(r).containsKeys("streams_passthrough_steps_per_s", "curation_steps_per_s", "curation_ratio",
                "latency_p50_ms", "latency_p99_ms");
        assertThat(((Number) r.get("curation_steps_per_s")).doubleValue()).isPositive();
        assertThat(((Number) r.get("streams_passthrough_steps_per_s")).doubleValue()).isPositive();
        assertThat(((Number) r.get("latency_measured")).longValue()).isPositive();
        assertThat(((Number) r.get("latency_p99_ms")).longValue()).isNotNegative();
    }
}
