package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationDriver.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.TrajectoryStep;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dataset bound to tenants ({@code orbiter.datasets.<d>.tenants}) receives only their steps; an unbound one is shared. */
class TenantBoundDatasetTest {

    private static Map<String, String> config(String... more) {
        Map<String, String> c = new HashMap<>(Map.of("orbiter.datasets.acme.tenants", "acme",
                "orbiter.datasets.acme.min-score", "0", "orbiter.datasets.shared.min-score", "0",
                "orbiter.curation.wait-for-reward", "none"));
        for (int i = 0; i < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    @Test
    void givenStepsOfTwoTenantsAndNone_whenCurated_thenTheBoundDatasetHoldsOnlyItsTenantsAndTheSharedOneAll() {
        try (CurationDriver t = new CurationDriver(config())) {
            t.send(step("a-1", "t1", "q1", "a1", 1.0).setTenant("acme").build());
            t.send(step("g-1", "t2", "q2", "a2", 1.0).setTenant("globex").build());
            t.send(step("n-1", "t3", "q3", "a3", 1.0).build()); // captured without authentication
            // the same prompt and answer as acme's, from globex: not a duplicate in acme's dataset, never in it
            t.send(step("g-2", "t4", "q1", "a1", 1.0).setTenant("globex").build());

            assertThat(t.dataset("acme").readValuesToList()).extracting(TrajectoryStep::getId).containsExactly("a-1");
            assertThat(t.count(CurationNames.filterCounts("acme"), Counts.OTHER_TENANT)).isEqualTo(3);
            assertThat(t.dataset("shared").readValuesToList()).extracting(TrajectoryStep::getId)
                    .containsExactly("a-1", "g-1", "n-1");
            assertThat(t.count(CurationNames.filterCounts("shared"), Counts.OTHER_TENANT)).isZero();
            assertThat(t.dlq.readRecordsToList()).as("a step without a tenant is not an error").isEmpty();
        }
    }

    @Test
    void givenAnEpisodeDatasetBoundToATenant_whenAnotherTenantsStepsShareTheTask_thenTheyStayOutOfTheEpisode() {
        try (CurationDriver t = new CurationDriver(config("orbiter.datasets.acme.unit", "episode",
                "orbiter.datasets.acme.episode.close-after", "1m"))) {
            t.send(step("s0", "task", "q0", "a0", 1.0).setStep(0).setTenant("acme").build());
            t.send(step("x1", "task", "stolen", "secret", 1.0).setStep(1).setTenant("globex").build());
            t.send(step("s2", "task", "q2", "a2", 1.0).setStep(2).setTenant("acme").setStatus("done").build());

            TrajectoryStep episode = t.dataset("acme").readValuesToList().get(0);
            assertThat(String.valueOf(episode.getMetadata().get("episode_step_ids"))).contains("s0", "s2").doesNotContain("x1");
            assertThat(episode.getTenant()).isEqualTo("acme");
            assertThat(t.count(CurationNames.episodeCounts("acme"), Counts.OTHER_TENANT)).isEqualTo(1);
        }
    }

    @Test
    void aMalformedTenantListFailsTheStart() {
        assertThatThrownBy(() -> CurationSettings.fromConfig(config("orbiter.datasets.acme.tenants", "acme,glo bex")))
                .hasMessageContaining("tenants: 'glo bex' must use letters, digits");
    }
}
