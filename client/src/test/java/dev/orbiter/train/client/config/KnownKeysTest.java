package dev.orbiter.train.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Known keys from templates and from config mapping interfaces; unknown ones named with the nearest. */
class KnownKeysTest {

    /** A config mapping as the services write them. */
    interface Sample {
        int maxBatchSize();

        Duration produceTimeout();

        Auth auth();

        Map<String, String> producer();

        interface Auth {
            boolean enabled();

            Optional<List<String>> keys();
        }
    }

    private final KnownKeys keys = KnownKeys.fromMapping("orbiter.sample", Sample.class)
            .and(KnownKeys.of(List.of("orbiter.datasets.*.min-score")));

    @Test
    void aMappingsMethodsNestedGroupsAndMapsAreItsKeys() {
        assertThat(keys.known("orbiter.sample.max-batch-size")).isTrue();
        assertThat(keys.known("orbiter.sample.auth.keys")).isTrue();
        assertThat(keys.known("orbiter.sample.producer.linger.ms")).as("a map takes any key").isTrue();
        assertThat(keys.known("orbiter.datasets.math.min-score")).isTrue();
        assertThat(keys.known("orbiter.datasets.a.b.min-score")).as("* is one name").isFalse();
        assertThat(keys.known("orbiter.sample.auth")).isFalse();
    }

    @Test
    void anUnknownKeyIsNamedWithTheNearestValidOneAndOtherPrefixesAreLeftAlone() {
        assertThatThrownBy(() -> keys.checkOrbiterKeys(List.of("orbiter.sample.max-batchsize", "quarkus.http.port",
                "orbiter.datasets.x.min-scroe", "orbiter.completely.different.thing")))
                .hasMessageContaining("unknown setting 'orbiter.sample.max-batchsize'; did you mean 'orbiter.sample.max-batch-size'?")
                .hasMessageContaining("unknown setting 'orbiter.datasets.x.min-scroe'; did you mean 'orbiter.datasets.x.min-score'?")
                .hasMessageContaining("unknown setting 'orbiter.completely.different.thing'")
                .hasMessageNotContaining("quarkus");
        keys.checkOrbiterKeys(List.of("orbiter.sample.auth.enabled", "kafka.bootstrap.servers"));
    }
}
