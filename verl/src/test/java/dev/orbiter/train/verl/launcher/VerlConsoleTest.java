package dev.orbiter.train.verl.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** VeRL's console metric lines, as its console logger prints them across versions. */
class VerlConsoleTest {

    @Test
    void givenARayPrefixedLineWithNumpyValues_whenParsed_thenEveryNumberIsAMetricAndTheStepIsTheGlobalStep() {
        Map<String, Object> m = VerlConsole.parse("(TaskRunner pid=4242) step:17 - actor/pg_loss:np.float64(-0.013)"
                + " - actor/ppo_kl:np.float32(0.0021) - critic/score/mean:0.75 - training/epoch:3"
                + " - val-core/openai/gsm8k/reward/mean@1:0.61").orElseThrow();

        assertThat(m).containsEntry("actor/pg_loss", -0.013).containsEntry("actor/ppo_kl", 0.0021)
                .containsEntry("critic/score/mean", 0.75).containsEntry("training/epoch", 3.0)
                .containsEntry("val-core/openai/gsm8k/reward/mean@1", 0.61).containsEntry("training/global_step", 17);
    }

    @Test
    void givenTheOlderFormatAndOddValues_whenParsed_thenTheyAreRead() {
        Map<String, Object> m = VerlConsole.parse("step 3: - actor/entropy:1.234 - response_length/clip_ratio:nan"
                + " - actor/grad_norm:tensor(0.5000, device='cuda:0') - note:hello").orElseThrow();

        assertThat(m).containsEntry("actor/entropy", 1.234).containsEntry("actor/grad_norm", 0.5)
                .containsEntry("training/global_step", 3).doesNotContainKey("note");
        assertThat((double) m.get("response_length/clip_ratio")).isNaN();
    }

    @Test
    void givenOtherOutput_whenParsed_thenItIsNotAMetricLine() {
        assertThat(VerlConsole.parse("Using LocalLogger is deprecated. The constructor API will change")).isEmpty();
        assertThat(VerlConsole.parse("(WorkerDict pid=1) step time: 3.2s")).isEmpty();
        assertThat(VerlConsole.parse("")).isEmpty();
    }
}
