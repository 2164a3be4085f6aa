package dev.orbiter.train.verl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder named verl where the check runs (this repository has one) does not pass for VeRL. */
class VerlAvailabilityTest {

    @Test
    void givenAVerlFolderInTheDirectoryTheCheckRunsIn_thenVerlIsStillNotAvailable(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("verl/trainer"));
        Files.writeString(dir.resolve("verl/__init__.py"), "");
        Files.writeString(dir.resolve("verl/trainer/__init__.py"), "");
        Files.writeString(dir.resolve("verl/trainer/main_ppo.py"), "");

        assertThat(new VerlAvailability("python3", dir).getAsBoolean()).isFalse();
        assertThat(new VerlAvailability("python3").getAsBoolean()).isFalse(); // VeRL is not installed here
        assertThat(new VerlAvailability(dir.resolve("no-such-python").toString()).getAsBoolean()).isFalse();
    }
}
