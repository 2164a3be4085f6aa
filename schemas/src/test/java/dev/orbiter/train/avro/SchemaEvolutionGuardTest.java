package dev.orbiter.train.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The evolution guard: current schemas read every released version, and the guard has teeth. */
class SchemaEvolutionGuardTest {

    private final Map<String, Schema> current = SchemaFiles.load("avro");
    private final List<Map<String, Schema>> history = SchemaFiles.releases().stream()
            .map(SchemaFiles::load).collect(Collectors.toList());

    @Test
    void everyCurrentSchemaIsBackwardCompatibleWithItsHistory() {
        assertThat(history).allSatisfy(release -> assertThat(release).isNotEmpty());
        assertThat(SchemaEvolutionGuard.violations(current, history)).isEmpty();
    }

    @Test
    void givenAFieldAddedWithoutDefault_whenGuarded_thenTheChangeIsRejected() {
        Map<String, Schema> changed = withTrajectoryStep(json -> json.replace(
                "{\"name\": \"attempt\"",
                "{\"name\": \"required_new\", \"type\": \"string\", \"doc\": \"no default\"},\n    {\"name\": \"attempt\""));
        assertThat(SchemaEvolutionGuard.violations(changed, history))
                .singleElement().asString().startsWith("TrajectoryStep").contains("required_new");
    }

    @Test
    void givenAFieldTypeNarrowed_whenGuarded_thenTheChangeIsRejected() {
        Map<String, Schema> changed = withTrajectoryStep(json -> json.replace(
                "{\"name\": \"step\", \"type\": \"int\", \"default\": 0", "{\"name\": \"step\", \"type\": \"string\", \"default\": \"0\""));
        assertThat(SchemaEvolutionGuard.violations(changed, history)).isNotEmpty();
    }

    @Test
    void givenAFieldAddedWithDefault_whenGuarded_thenTheChangeIsAccepted() {
        Map<String, Schema> changed = withTrajectoryStep(json -> json.replace(
                "{\"name\": \"attempt\"",
                "{\"name\": \"optional_new\", \"type\": [\"null\", \"string\"], \"default\": null, \"doc\": \"ok\"},\n    {\"name\": \"attempt\""));
        assertThat(changed.get("TrajectoryStep").getField("optional_new")).isNotNull();
        assertThat(SchemaEvolutionGuard.violations(changed, history)).isEmpty();
    }

    @Test
    void givenARemovedSchema_whenGuarded_thenTheRemovalIsReported() {
        Map<String, Schema> changed = new HashMap<>(current);
        changed.remove("RewardEvent");
        assertThat(SchemaEvolutionGuard.violations(changed, history)).containsExactly("RewardEvent: released schema was removed");
    }

    /** Re-parses the current TrajectoryStep file after an edit of its JSON text. */
    private Map<String, Schema> withTrajectoryStep(java.util.function.UnaryOperator<String> edit) {
        String original = SchemaText.read("avro/TrajectoryStep.avsc");
        String edited = edit.apply(original);
        assertThat(edited).as("the edit must apply").isNotEqualTo(original);
        Schema.Parser parser = new Schema.Parser();
        for (String name : List.of("NestedJson", "ToolCall", "ChatMessage")) {
            parser.parse(SchemaText.read("avro/" + name + ".avsc"));
        }
        Map<String, Schema> changed = new HashMap<>(current);
        changed.put("TrajectoryStep", parser.parse(edited));
        return changed;
    }
}
