package dev.orbiter.train.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void sidesAreTimedInAbbaOrderAndReportedAsMedians() throws Exception {
        List<String> order = new ArrayList<>();
        Rounds.Result r = Rounds.abba(4, round -> {
            order.add("a" + round);
            return 10 * (round + 1); // 10, 20, 30, 40
        }, round -> {
            order.add("b" + round);
            return round == 2 ? 1_000 : 5; // one outlier
        });

        assertThat(order).containsExactly("a0", "b0", "b1", "a1", "a2", "b2", "b3", "a3");
        assertThat(r.medianA()).isEqualTo(25.0);
        assertThat(r.medianB()).as("an outlier round does not move the median").isEqualTo(5.0);
        assertThat(Rounds.median(new double[] {3, 1, 2})).isEqualTo(2.0);
    }
}
