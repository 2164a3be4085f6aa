package dev.orbiter.train.client.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.OrbiterSchemas;
import dev.orbiter.train.avro.SchemaFiles;
import dev.orbiter.train.avro.SchemaText;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry's BACKWARD rule agrees with the build's evolution guard on the released schemas. */
@ExtendWith(OrbiterStackExtension.class)
class RegistryAgreesWithGuardIT {

    @Test
    void givenTheReleasedHistory_whenTheCurrentSchemasAreRegistered_thenTheRegistryAcceptsEveryOne(
            OrbiterTestStack stack) {
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
        for (String release : SchemaFiles.releases()) {
            Map<String, Schema> released = SchemaFiles.load(release);
            for (Schema current : OrbiterSchemas.EVENTS) {
                String subject = "guard-" + current.getName() + "-value";
                client.register(subject, released.get(current.getName()));
                assertThat(client.testCompatibility(subject, current)).as(subject).isTrue();
                assertThat(client.register(subject, current)).isPositive();
            }
        }
    }

    @Test
    void givenAFieldAddedWithoutDefault_whenRegistered_thenTheRegistryRejectsItToo(OrbiterTestStack stack) {
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
        String subject = "guard-breaking-value";
        client.register(subject, SchemaFiles.load("history/v1").get("RewardEvent"));
        String breaking = SchemaText.read("avro/RewardEvent.avsc").replace("{\"name\": \"source\"",
                "{\"name\": \"required_new\", \"type\": \"string\", \"doc\": \"x\"},\n    {\"name\": \"source\"");
        Schema incompatible = new Schema.Parser().parse(breaking);
        assertThat(incompatible.getField("required_new")).isNotNull();
        assertThat(client.testCompatibility(subject, incompatible)).isFalse();
        assertThatThrownBy(() -> client.register(subject, incompatible)).isInstanceOf(SchemaRegistryException.class);
    }
}
