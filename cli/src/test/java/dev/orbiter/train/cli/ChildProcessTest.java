package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

    @Test
    void givenAProcessThatNeverBecomesReady_whenTheWaitEnds_thenItFailsAndTheProcessIsStopped() throws Exception {
        Path dir = Files.createTempDirectory("child-process-test");
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "300"), Map.of(), dir, dir.resolve("sleeper.log"));

        assertThatThrownBy(() -> child.awaitReady(() -> false, 1))
                .isInstanceOf(CliException.class).hasMessageContaining("sleeper did not become ready in 1 s");
        assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false))
                .as("nobody else holds a handle to stop it").isFalse();
    }

    @Test
    void givenAProcessThatExits_whenWaitedFor_thenTheFailureQuotesItsLog() throws Exception {
        Path dir = Files.createTempDirectory("child-process-test");
        ChildProcess child = ChildProcess.start("crasher", List.of("sh", "-c", "echo cannot bind port; exit 3"), Map.of(),
                dir, dir.resolve("crasher.log"));

        assertThatThrownBy(() -> child.awaitReady(() -> false, 30))
                .isInstanceOf(CliException.class).hasMessageContaining("crasher exited with 3")
                .hasMessageContaining("cannot bind port");
    }
}
