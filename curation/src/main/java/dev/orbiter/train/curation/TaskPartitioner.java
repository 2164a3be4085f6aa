package dev.orbiter.train.curation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partition of a task id as Java's producer picks it (murmur2 of the UTF-8 key bytes, positive,
 * modulo the partition count): where the reward join expects every step and reward of a task.
 * Used both to tell whether a record already sits there and to move it there when it does not.
 */
final class TaskPartitioner implements StreamPartitioner<String, byte[]> {

    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
        return key == null ? Optional.empty() : Optional.of(Set.of(partition(key, numPartitions)));
    }
}
