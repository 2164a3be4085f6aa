package dev.orbiter.train.verl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardSpecTest {

    public static double lengthReward(TrajectoryItem item) {
        return item.output().length();
    }

    public static int wrongShape(String s) {
        return 0;
    }

    public static final double NOT_A_METHOD = 1.0;

    private static final String THIS = RewardSpecTest.class.getName();

    @Test
    void aSpecNeedsAFunctionOrBothNames() {
        assertThatThrownBy(() -> RewardSpec.builder().className("x").build()).isInstanceOf(TrainerError.class)
                .hasMessage("RewardSpec requires either a function or both className and methodName");
        assertThatThrownBy(() -> RewardSpec.builder().build()).isInstanceOf(TrainerError.class);
    }

    @Test
    void methodSpecsResolveByReflection() {
        RewardSpec spec = RewardSpec.ofMethod(THIS, "lengthReward");
        assertThat(spec.name()).isEqualTo("lengthReward");
        assertThat(spec.weight()).isEqualTo(1.0);
        assertThat(spec.resolve().score(TrajectoryItem.of("s", "abcd", 0))).isEqualTo(4.0);
    }

    @Test
    void resolutionErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> RewardSpec.ofMethod("no.such.Clazz", "m").resolve()).isInstanceOf(TrainerError.class)
                .hasMessage("Cannot find class 'no.such.Clazz'");
        assertThatThrownBy(() -> RewardSpec.ofMethod(THIS, "absent").resolve()).isInstanceOf(TrainerError.class)
                .hasMessage("Cannot find 'absent' in '" + THIS + "'");
        assertThatThrownBy(() -> RewardSpec.ofMethod(THIS, "NOT_A_METHOD").resolve()).isInstanceOf(TrainerError.class)
                .hasMessage(THIS + ".NOT_A_METHOD is not callable");
        assertThatThrownBy(() -> RewardSpec.ofMethod(THIS, "wrongShape").resolve()).isInstanceOf(TrainerError.class)
                .hasMessage(THIS + ".wrongShape is not callable");
    }

    @Test
    void combineIsTheWeightedSum() {
        RewardFunction combined = RewardSpec.combine(List.of(
                RewardSpec.builder().name("accuracy").weight(0.6).fn(i -> 1.0).build(),
                RewardSpec.builder().name("brevity").weight(0.2).fn(i -> i.output().isEmpty() ? 1.0 : 0.0).build(),
                RewardSpec.builder().weight(0.2).className(THIS).methodName("lengthReward").build()));
        assertThat(combined.score(TrajectoryItem.of("s", "ab", 0))).isCloseTo(0.6 + 0.4, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void lambdaSpecsGetADefaultName() {
        assertThat(RewardSpec.of(i -> 1.0).name()).isEqualTo("reward");
        assertThat(RewardSpec.builder().name("helpfulness").fn(i -> 1.0).build().name()).isEqualTo("helpfulness");
    }
}
