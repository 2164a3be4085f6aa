package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./orbiter demo}, non-interactively, on its own local stack (a broker process from
 * Maven Central's Kafka jars, the registry, the three services' runnable jars, all on ports
 * moved by an offset so a developer's {@code orbiter dev} can keep running). It must end with the
 * summary's real numbers and exit 0; every process it started is stopped.
 */
class DemoIT {

    @Test
    void theDemoRunsTheWholePlatformEndToEndAndPrintsASummary() throws Exception {
        Path root = Path.of(System.getProperty("orbiter.project.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of("target", "demo-it").toAbsolutePath();
        // other tests of this JVM may own processes (the test kit's registry): only the demo's count
        java.util.Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());

        Captured demo = Captured.run("demo", "--root", root.toString(), "--home", home.toString(),
                "--port-offset", "20000");

        assertThat(demo.exitCode).as("exit code; logs in " + home.resolve("logs")).isZero();
        assertThat(demo.out).contains("Orbiter Train demo: summary").containsPattern("steps captured\\s+16,\\d{3}")
                .containsPattern("GRPO job\\s+\\S+ completed").containsPattern("evolution job\\s+\\S+ completed")
                .contains("orbiter.dataset.arith.v2")
                // the default 4,000 prompts: 400 with four wrong answers (80 of them also incomplete), 160 one answer short
                .containsPattern("dataset arith-groups\\s+3,520 of 4,000 groups released whole")
                .containsPattern("groups dropped\\s+320 with equal rewards \\(no GRPO signal; 400 sent so\\), 160 incomplete");
        // the goal for the demo: its GRPO job reaches 0.9 on the held-out fifth of the groups
        Matcher grpo = Pattern.compile("GRPO job\\s+\\S+ completed, eval/accuracy = (\\d\\.\\d+)").matcher(demo.out);
        assertThat(grpo.find()).as(demo.out).isTrue();
        assertThat(Double.parseDouble(grpo.group(1))).as("the demo's GRPO held-out accuracy").isGreaterThanOrEqualTo(0.9);
        assertThat(Files.readAllLines(home.resolve("demo/arith-dpo.jsonl"))).hasSizeGreaterThan(400);
        assertThat(Files.readAllLines(home.resolve("demo/arith-v2.jsonl"))).hasSizeGreaterThan(2_000);
        assertThat(ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid()))
                .map(p -> p.info().commandLine().orElse(String.valueOf(p.pid())))).as("no process of the demo left").isEmpty();
    }
}
