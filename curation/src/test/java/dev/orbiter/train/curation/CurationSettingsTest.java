package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are typed and checked when they are read: a key nothing reads is an error, not a no-op. */
class CurationSettingsTest {

    @Test
    void aMisspelledDatasetKeyFailsNamingTheKeyAndTheNearestValidOne() {
        assertThatThrownBy(() -> CurationSettings.fromConfig(Map.of("orbiter.datasets.d.min-scroe", "0.8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting 'orbiter.datasets.d.min-scroe'; did you mean 'orbiter.datasets.d.min-score'?");
    }

    @Test
    void misspelledCurationAndTopicKeysFailToo() {
        assertThatThrownBy(() -> CurationSettings.fromConfig(Map.of("orbiter.datasets.d.min-score", "0.8",
                "orbiter.curation.reward-grase", "5s", "orbiter.topics.steps.partitons", "6")))
                .hasMessageContaining("unknown setting 'orbiter.curation.reward-grase'; did you mean 'orbiter.curation.reward-grace'?")
                .hasMessageContaining("unknown setting 'orbiter.topics.steps.partitons'; did you mean 'orbiter.topics.steps.partitions'?");
    }

    @Test
    void everyDocumentedKeyIsAccepted() {
        CurationSettings s = CurationSettings.fromConfig(Map.ofEntries(
                Map.entry("orbiter.datasets.d.topic", "t"), Map.entry("orbiter.datasets.d.strategies", "require-score"),
                Map.entry("orbiter.datasets.d.min-score", "0.1"), Map.entry("orbiter.datasets.d.score-mode", "replace"),
                Map.entry("orbiter.datasets.d.dedup.key", "id"), Map.entry("orbiter.datasets.d.dedup.retention", "1d"),
                Map.entry("orbiter.datasets.d.dedup.partitions", "2"), Map.entry("orbiter.datasets.d.near-dedup.threshold", "0.9"),
                Map.entry("orbiter.datasets.d.near-dedup.field", "input"), Map.entry("orbiter.datasets.d.near-dedup.max-items", "10"),
                Map.entry("orbiter.datasets.d.snapshot-interval", "30m"), Map.entry("orbiter.curation.store", "memory"),
                Map.entry("orbiter.curation.registry-retry-backoff", "1s"), Map.entry("orbiter.topics.dataset.d.partitions", "4"),
                Map.entry("orbiter.topics.steps.retention-ms", "1000"), Map.entry("orbiter.topics.snapshot-prefix", "x.")));
        assertThat(s.dataset("d").snapshotInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.dataset("d").topic()).isEqualTo("t");
    }

    @Test
    void aDatasetWithoutASnapshotIntervalIsSnapshottedOnlyOnRequest() {
        assertThat(CurationSettings.fromConfig(Map.of("orbiter.datasets.d.min-score", "0")).dataset("d").snapshotInterval())
                .isNull();
        assertThatThrownBy(() -> CurationSettings.fromConfig(Map.of("orbiter.datasets.d.snapshot-interval", "0s")))
                .hasMessageContaining("snapshot-interval must be positive");
    }
}
