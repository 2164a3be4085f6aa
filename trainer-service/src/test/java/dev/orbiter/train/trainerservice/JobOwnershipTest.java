package dev.orbiter.train.trainerservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** Which instance recovers an unfinished job: the rules, one by one. */
class JobOwnershipTest {

    private static final Set<Integer> OWNED = Set.of(0, 2);
    private static final Set<String> LIVE = Set.of("a", "b");

    @Test
    void aJobOfALiveInstanceStaysItsEvenWhenItsPartitionMovedHere() {
        assertThat(JobOwnership.mustRecover("b", 0, OWNED, false, "a", LIVE)).isFalse();
    }

    @Test
    void aJobOfAnInstanceThatLeftTheGroupIsRecoveredByTheOwnerOfItsPartitionOnly() {
        assertThat(JobOwnership.mustRecover("c", 0, OWNED, false, "a", LIVE)).isTrue();
        assertThat(JobOwnership.mustRecover("c", 1, OWNED, false, "a", LIVE)).as("not this instance's partition").isFalse();
    }

    @Test
    void aRestartedInstanceRecoversItsOwnJobs_butNeverOneRunningHere() {
        assertThat(JobOwnership.mustRecover("a", 2, OWNED, false, "a", LIVE)).isTrue();
        assertThat(JobOwnership.mustRecover("a", 2, OWNED, true, "a", LIVE)).isFalse();
        assertThat(JobOwnership.mustRecover(null, 2, OWNED, false, "a", LIVE)).as("a job from before instances were named")
                .isTrue();
    }

    @Test
    void aRestartedInstanceReleasesItsOwnJobsWhosePartitionIsAnotherInstancesNow() {
        assertThat(JobOwnership.mustRelease("a", 1, OWNED, false, "a")).isTrue();
        assertThat(JobOwnership.mustRelease("a", 0, OWNED, false, "a")).as("its own partition: it recovers it").isFalse();
        assertThat(JobOwnership.mustRelease("b", 1, OWNED, false, "a")).isFalse();
        // released: no instance named, so the partition's owner recovers it
        assertThat(JobOwnership.mustRecover(null, 1, Set.of(1), false, "b", LIVE)).isTrue();
    }

    @Test
    void theFallbackPartitionIsTheJavaProducersForTheJobIdKey() {
        for (String id : new String[] {"job-1", "job-20261202-1", "grpo-rest"}) {
            byte[] key = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(JobOwnership.partitionOf(id, 3)).isEqualTo(BuiltInPartitioner.partitionForKey(key, 3));
        }
    }
}
