package dev.orbiter.train.client.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry client against the real registry process (Confluent API of Apicurio). */
@ExtendWith(OrbiterStackExtension.class)
class SchemaRegistryClientIT {

    private static final Schema V1 = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    private static final Schema V2 = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}");
    private static final Schema BREAKING = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"c\",\"type\":\"int\"}]}");

    private SchemaRegistryClient client;

    @BeforeEach
    void client(OrbiterTestStack stack) {
        client = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
    }

    @Test
    void registerIsIdempotentAndLookupFindsTheVersion() {
        int id = client.register("probe-a-value", V1);
        assertThat(new SchemaRegistryClient(client.config()).register("probe-a-value", V1)).isEqualTo(id);
        RegisteredSchema found = client.lookup("probe-a-value", V1);
        assertThat(found.id()).isEqualTo(id);
        assertThat(found.version()).isEqualTo(1);
        assertThat(client.getSchemaById(id)).isEqualTo(V1);
        assertThat(new SchemaRegistryClient(client.config()).getSchemaById(id)).as("fetched, not cached").isEqualTo(V1);
        assertThat(client.subjects()).contains("probe-a-value");
    }

    @Test
    void givenGlobalBackwardRule_whenSchemasEvolve_thenCompatibleOnesRegisterAndBreakingOnesAreRejected() {
        client.register("probe-b-value", V1);
        assertThat(client.testCompatibility("probe-b-value", V2)).isTrue();
        assertThat(client.testCompatibility("probe-b-value", BREAKING)).isFalse();
        int v2 = client.register("probe-b-value", V2);
        assertThat(client.getLatestVersion("probe-b-value").id()).isEqualTo(v2);
        assertThat(client.getLatestVersion("probe-b-value").version()).isEqualTo(2);
        assertThatThrownBy(() -> client.register("probe-b-value", BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA));
    }

    @Test
    void compatibilityConfigPerSubjectIsReadAndWritten() {
        client.register("probe-c-value", V1);
        client.setCompatibility("probe-c-value", "FORWARD");
        assertThat(client.getCompatibility("probe-c-value")).isEqualTo("FORWARD");
        // Adding a required field breaks BACKWARD (the global rule) but not FORWARD (the subject's).
        assertThat(client.testCompatibility("probe-c-value", BREAKING)).isTrue();
        assertThat(client.register("probe-c-value", BREAKING)).isPositive();
    }

    @Test
    void unknownSubjectsAndIdsAreTypedNotFoundErrors() {
        assertThatThrownBy(() -> client.getLatestVersion("no-such-subject"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                });
        assertThatThrownBy(() -> client.getSchemaById(987654))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    }
}
