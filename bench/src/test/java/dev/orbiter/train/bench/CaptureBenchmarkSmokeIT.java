package dev.orbiter.train.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The capture benchmark at smoke size inside {@code ./mvnw -B verify}: every scenario runs and
 * yields a number. Nothing about speed is asserted; the real run is {@code -Pbench-capture}.
 */
class CaptureBenchmarkSmokeIT {

    @Test
    void givenASmallRun_whenTheCaptureBenchmarkRuns_thenEveryScenarioProducesAFigure() throws Exception {
        Path jar = Path.of(System.getProperty("orbiter.project.root", ".."), "capture-service", "target",
                "quarkus-app", "quarkus-run.jar");

        Map<String, Object> r = CaptureBenchmark.run(2_000, jar, Path.of("target", "capture-smoke"));

        assertThat(r).containsKeys("raw_producer_steps_per_s", "sdk_emitter_steps_per_s", "sdk_ratio",
                "http_batch_100_steps_per_s", "http_batch_1000_steps_per_s", "http_batch_1000_ratio");
        assertThat(r.values()).allSatisfy(v -> assertThat(((Number) v).doubleValue()).isPositive());
        assertThat(CaptureBenchmark.markdown(r)).contains("| SDK `TrajectoryEmitter` |");
    }
}
