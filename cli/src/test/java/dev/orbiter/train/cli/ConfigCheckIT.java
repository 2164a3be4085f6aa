package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A misspelled setting fails the start of the packaged service, naming the key and the nearest
 * valid one, instead of being silently ignored (before, a typo in a curation key was accepted).
 */
@ExtendWith(OrbiterStackExtension.class)
class ConfigCheckIT {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "capture-service, orbiter.capture.max-batchsize, orbiter.capture.max-batch-size",
            "capture-service, orbiter.captur.produce-timeout, orbiter.capture.produce-timeout",
            "stream-processor, orbiter.datasets.d.min-scroe, orbiter.datasets.d.min-score",
            "stream-processor, orbiter.stream-processor.snapshot-timout, orbiter.stream-processor.snapshot-timeout",
            "trainer-service, orbiter.trainer.work-dri, orbiter.trainer.work-dir",
            "trainer-service, orbiter.topics.training-jobs.partitons, orbiter.topics.training-jobs.partitions"})
    void aMisspelledSettingFailsTheStartNamingTheNearestValidKey(String module, String typo, String valid) throws Exception {
        OrbiterTestStack stack = OrbiterTestStack.get();
        Path root = ServiceProcess.projectRoot();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=0", "-Dkafka.bootstrap.servers=" + stack.bootstrapServers(),
                "-Dorbiter.schema-registry.url=" + stack.schemaRegistryUrl(), "-D" + typo + "=1",
                "-Dkafka-streams.state.dir=" + Path.of("target", "config-check-state").toAbsolutePath(),
                "-jar", root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString()));
        Path log = Files.createDirectories(Path.of("target", "config-check")).resolve(module + "-" + typo + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean ended = p.waitFor(90, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as("the service stopped by itself:\n" + out).isTrue();
            assertThat(p.exitValue()).as(out).isNotZero();
            assertThat(out).contains("unknown setting '" + typo + "'; did you mean '" + valid + "'?");
        } finally {
            p.destroyForcibly(); // only if it did not end: a started service must not outlive the test
        }
    }
}
