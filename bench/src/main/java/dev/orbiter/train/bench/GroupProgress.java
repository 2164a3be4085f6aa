package dev.orbiter.train.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Whether a Streams application has committed every offset of the topics it reads. */
final class GroupProgress {

    private GroupProgress() {
    }

    /** Waits until the group's committed offsets reach the end of every partition of its source topics. */
    static void awaitCaughtUp(String bootstrap, String groupId, Duration timeout,
                              java.util.function.BooleanSupplier failed) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (!caughtUp(admin, groupId)) {
                if (failed.getAsBoolean()) {
                    throw new IllegalStateException(groupId + " failed before catching up; see its log");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(groupId + " did not catch up within " + timeout);
                }
                Thread.sleep(50); // polling the broker, not a timing assumption
            }
        }
    }

    private static boolean caughtUp(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        if (committed.isEmpty()) {
            return false;
        }
        List<String> topics = committed.keySet().stream().map(TopicPartition::topic).distinct().toList();
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        var end = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        for (var e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long position = c == null ? 0 : c.offset();
            if (position < e.getValue().offset()) {
                return false;
            }
        }
        return true;
    }
}
