package dev.orbiter.train.trainerservice;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Who runs an unfinished job when there are several trainer instances. A job is taken by the
 * instance whose intake owns its partition of {@code orbiter.training.jobs} (the trainers' consumer
 * group) and every status it writes names that instance. It stays that instance's while the
 * instance is a live member of the group, also after its partition moved on a rebalance (a running
 * job is not interrupted by a scale-out). Once the named instance has left the group (a crash: its
 * session timed out), the instance that owns the job's partition now recovers it: resumed from its
 * checkpoint when that is reachable, else failed with the reason. An instance that restarted finds
 * its own unfinished jobs: those in its partitions it recovers; the others it releases (a status
 * naming no instance), for the owner of their partition to recover. Only a partition's owner
 * recovers, and partitions change hands only between the intake's polls, so two instances never
 * recover the same job; none is left running on an instance that is gone.
 */
final class JobOwnership {

    /** The intake consumer's client id is this prefix and the instance id: how live instances are seen. */
    static final String CLIENT_PREFIX = "orbiter-trainer-intake-";
    static final String GROUP = "orbiter-trainer";

    private JobOwnership() {
    }

    /**
     * Whether this instance must recover the unfinished job now: its partition is one this instance
     * owns, it is not running here, and the instance its last status names is this one (restarted) or
     * no longer a live member (none named: a job from before instances were named).
     */
    static boolean mustRecover(String owner, int partition, Set<Integer> owned, boolean runningHere, String me,
                               Set<String> live) {
        if (runningHere || !owned.contains(partition)) {
            return false;
        }
        return owner == null || owner.equals(me) || !live.contains(owner);
    }

    /**
     * Whether this instance, restarted, must release the unfinished job to the owner of its
     * partition: the job's last status names this instance, it is not running here, and its
     * partition is another instance's now.
     */
    static boolean mustRelease(String owner, int partition, Set<Integer> owned, boolean runningHere, String me) {
        return !runningHere && me.equals(owner) && !owned.contains(partition);
    }

    /** The partition the default partitioner gives a job id (for a job whose spec record was not read). */
    static int partitionOf(String jobId, int partitions) {
        return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The instances whose intake is a member of the group now. */
    static Set<String> liveInstances(Admin admin) {
        try {
            List<MemberDescription> members = List.copyOf(admin.describeConsumerGroups(List.of(GROUP)).all()
                    .get(10, TimeUnit.SECONDS).get(GROUP).members());
            return members.stream().map(MemberDescription::clientId).filter(c -> c.startsWith(CLIENT_PREFIX))
                    .map(c -> c.substring(CLIENT_PREFIX.length())).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the trainers' consumer group: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the trainers' consumer group", e);
        }
    }

    /** The committed end of every partition of a topic now: what the view must have read before a decision. */
    static Map<TopicPartition, Long> ends(Admin admin, String topic) {
        try {
            int n = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            for (int p = 0; p < n; p++) {
                query.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + topic, e);
        }
    }
}
