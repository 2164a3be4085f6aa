package dev.orbiter.train.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void defaultsNameEveryPlatformTopic() {
        Topics t = Topics.defaults();
        assertThat(t.platformTopics()).extracting(TopicSpec::name).containsExactly("orbiter.steps", "orbiter.rewards", "orbiter.captured-calls",
                "orbiter.dataset-snapshots", "orbiter.training.jobs", "orbiter.training.status",
                "orbiter.training.metrics");
        assertThat(t.dataset("math").name()).isEqualTo("orbiter.dataset.math");
        assertThat(t.dataset("math").compacted()).isTrue();
        assertThat(t.datasetSnapshots().compacted()).isTrue();
        assertThat(t.steps().compacted()).isFalse();
        assertThat(t.dlq("stream-processor").name()).isEqualTo("orbiter.dlq.stream-processor");
        assertThat(t.steps().partitions()).isEqualTo(3);
        assertThat(t.steps().keyType()).isEqualTo("task id");
    }

    @Test
    void configurationOverridesNamesAndSizes() {
        Topics t = Topics.fromConfig(Map.of("orbiter.topics.partitions", "6",
                "orbiter.topics.steps.name", "acme.steps", "orbiter.topics.rewards.partitions", "2",
                "orbiter.topics.dataset-prefix", "acme.ds.", "orbiter.topics.replication-factor", "3"));
        assertThat(t.steps().name()).isEqualTo("acme.steps");
        assertThat(t.steps().partitions()).isEqualTo(6);
        assertThat(t.rewards().partitions()).isEqualTo(2);
        assertThat(t.dataset("x").name()).isEqualTo("acme.ds.x");
        assertThat(t.trainingJobs().replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void theRawLogIsKeptForeverAndCanBeBounded() {
        Topics t = Topics.defaults();
        assertThat(t.steps().creationConfigs()).containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1");
        assertThat(t.rewards().creationConfigs()).containsEntry("retention.ms", "-1");
        assertThat(t.trainingJobs().creationConfigs()).doesNotContainKey("retention.ms");
        Topics bounded = Topics.fromConfig(Map.of("orbiter.topics.steps.retention-ms", "2592000000"));
        assertThat(bounded.steps().creationConfigs()).containsEntry("retention.ms", "2592000000")
                .doesNotContainKey("retention.bytes");
    }

    @Test
    void aSnapshotHasOneNeverCompactedNeverExpiringPartition() {
        TopicSpec s = Topics.fromConfig(Map.of("orbiter.topics.snapshot-prefix", "acme.snap.")).snapshot("d-1");
        assertThat(s.name()).isEqualTo("acme.snap.d-1");
        assertThat(s.partitions()).isEqualTo(1);
        assertThat(s.compacted()).isFalse();
        assertThat(s.creationConfigs()).containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1");
    }

    @Test
    void specsValidateTheirSettings() {
        assertThatThrownBy(() -> new TopicSpec("t", 0, (short) 1, "delete", "k", "v", null))
                .hasMessageContaining("partitions");
        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 1, "forever", "k", "v", null))
                .hasMessageContaining("cleanup policy");
        assertThat(Topics.defaults().dataset("d").creationConfigs()).containsEntry("cleanup.policy", "compact");
    }
}
