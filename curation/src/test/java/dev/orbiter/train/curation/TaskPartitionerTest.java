package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** The join's idea of a task's partition is the Java producer's: records from Java producers never move. */
class TaskPartitionerTest {

    @Test
    void aTaskIdMapsToThePartitionJavasDefaultPartitionerPicks() {
        for (int partitions : new int[] {1, 2, 3, 7, 12}) {
            for (int i = 0; i < 500; i++) {
                String key = "task-" + i + "-\u00e9";
                assertThat(TaskPartitioner.partition(key, partitions)).isEqualTo(
                        BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
