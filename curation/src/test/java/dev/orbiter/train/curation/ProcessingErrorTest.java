package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationDriver.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A step whose curation throws goes to the DLQ with the reason, dataset and stage; its neighbours are curated. */
@ExtendWith(OrbiterStackExtension.class)
class ProcessingErrorTest {

    private static final String D = "orbiter.datasets.math.";
    static final Map<String, String> FAULTY = Map.of(
            D + "strategies", "class=" + Faulty.ThrowingStrategy.class.getName(),
            D + "rewards", Faulty.class.getName() + "#nanReward",
            D + "score-mode", "replace",
            "orbiter.curation.wait-for-reward", "none");

    @Test
    void givenAThrowingStrategy_whenAStepMeetsIt_thenTheStepIsDeadLetteredAndTheNextIsCurated() {
        try (CurationDriver t = new CurationDriver(FAULTY)) {
            t.send(step("s1", "t1", "boom here", "a", 0.5).build());
            t.send(step("s2", "t1", "fine", "b", 0.5).build());

            assertThat(t.dataset("math").readValuesToList()).extracting(TrajectoryStep::getId).containsExactly("s2");
            TestRecord<byte[], byte[]> dead = t.dlq.readRecord();
            assertThat(header(dead, DeadLetter.REASON)).isEqualTo(DeadLetter.PROCESSING);
            assertThat(header(dead, DeadLetter.DATASET)).isEqualTo("math");
            assertThat(header(dead, DeadLetter.STAGE)).isEqualTo("strategy:class=" + Faulty.ThrowingStrategy.class.getName());
            assertThat(header(dead, DeadLetter.EXCEPTION)).isEqualTo(IllegalStateException.class.getName());
            assertThat(header(dead, DeadLetter.MESSAGE)).contains("cannot handle s1");
            assertThat(header(dead, DeadLetter.TOPIC)).isEqualTo(t.settings.topics().steps().name());
            assertThat(t.serdes.steps().deserializer().deserialize("x", dead.value()).getId())
                    .as("the value is the step, replayable to orbiter.steps").isEqualTo("s1");
            assertThat(t.count(CurationNames.filterCounts("math"), Counts.PROCESSING_ERRORS)).isEqualTo(1);
        }
    }

    @Test
    void givenARewardSpecReturningNaN_whenAStepIsScored_thenTheStepIsDeadLetteredAtTheRewardStage() {
        try (CurationDriver t = new CurationDriver(FAULTY)) {
            t.send(step("s1", "t1", "nan please", "a", 0.5).build());
            t.send(step("s2", "t1", "fine", "b", 0.5).build());

            List<TrajectoryStep> kept = t.dataset("math").readValuesToList();
            assertThat(kept).extracting(TrajectoryStep::getId).containsExactly("s2");
            assertThat(kept.get(0).getScore()).isEqualTo(1.0);
            TestRecord<byte[], byte[]> dead = t.dlq.readRecord();
            assertThat(header(dead, DeadLetter.STAGE)).isEqualTo("reward");
            assertThat(header(dead, DeadLetter.MESSAGE)).contains("returned NaN");
            assertThat(t.dlq.isEmpty()).isTrue();
        }
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
