package dev.orbiter.train.verl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The actor's learning-rate schedule: warm-up, then constant or a cosine decay to min_lr_ratio. */
class LrScheduleTest {

    @Test
    void givenTheNeuralDefaults_whenStepping_thenTheRateWarmsUpThenDecaysToTheMinimumAtTheLastStep() {
        LrSchedule s = LrSchedule.of(Map.of(), true);

        assertThat(s.factor(0, 100)).isCloseTo(0.2, within(1e-12)); // 5 warm-up steps
        assertThat(s.factor(4, 100)).isCloseTo(1.0, within(1e-12));
        assertThat(s.factor(5, 100)).isCloseTo(1.0, within(1e-12));
        assertThat(s.factor(52, 100)).isBetween(0.5, 0.6);
        assertThat(s.factor(99, 100)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void givenTheLinearDefaultsOrAConstantStyle_whenStepping_thenTheRateNeverChanges() {
        assertThat(LrSchedule.of(Map.of(), false).factor(0, 10)).isEqualTo(1.0);
        assertThat(LrSchedule.of(Map.of(), false).factor(9, 10)).isEqualTo(1.0);
        LrSchedule constant = LrSchedule.of(Map.of(LrSchedule.STYLE, "constant", LrSchedule.WARMUP, 0), true);
        assertThat(constant.factor(7, 10)).isEqualTo(1.0);
    }
}
