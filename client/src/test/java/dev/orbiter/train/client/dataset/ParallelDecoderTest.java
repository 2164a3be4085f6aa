package dev.orbiter.train.client.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** Items come back in storage order across many chunks and threads; a bad record is named by its offset. */
class ParallelDecoderTest {

    /** A "step" whose id is the record's text; "bad" does not decode. */
    private static final Deserializer<TrajectoryStep> TEXT = (topic, data) -> {
        String id = new String(data, StandardCharsets.UTF_8);
        if (id.equals("bad")) {
            throw new IllegalArgumentException("not a step");
        }
        // "<tenant>/<id>" carries a tenant
        int slash = id.indexOf('/');
        return TrajectoryStep.newBuilder().setId(id).setTaskId("t").setTimestamp(Instant.EPOCH)
                .setTenant(slash < 0 ? null : id.substring(0, slash)).build();
    };

    @Test
    void itemsComeBackInTheOrderTheRecordsWereRead() {
        try (ParallelDecoder d = new ParallelDecoder(TEXT, "topic", null)) {
            for (int i = 0; i < 5_000; i++) {
                d.add(i, ("s" + i).getBytes(StandardCharsets.UTF_8));
            }
            List<String> ids = d.finish(5_000).stream().map(TrajectoryItem::id).toList();
            assertThat(ids).isEqualTo(IntStream.range(0, 5_000).mapToObj(i -> "s" + i).toList());
        }
    }

    @Test
    void aRecordThatDoesNotDecodeFailsTheReadWithItsOffset() {
        try (ParallelDecoder d = new ParallelDecoder(TEXT, "topic", null)) {
            for (int i = 0; i < 1_500; i++) {
                d.add(100 + i, (i == 1_234 ? "bad" : "s" + i).getBytes(StandardCharsets.UTF_8));
            }
            assertThatThrownBy(() -> d.finish(1_500)).isInstanceOfSatisfying(ParallelDecoder.Undecodable.class,
                    e -> assertThat(e.offset).isEqualTo(1_334)).hasMessageContaining("not a step");
        }
    }

    @Test
    void itemsOfAnotherTenantThanTheReadersAreCounted_andItemsWithoutATenantAreAnybodys() {
        try (ParallelDecoder d = new ParallelDecoder(TEXT, "topic", "acme")) {
            for (int i = 0; i < 2_500; i++) {
                String tenant = i % 10 == 3 ? "globex/" : i % 10 == 4 ? "" : "acme/";
                d.add(i, (tenant + "s" + i).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(d.finish(2_500)).hasSize(2_500);
            assertThat(d.foreign()).isEqualTo(250);
        }
    }
}
