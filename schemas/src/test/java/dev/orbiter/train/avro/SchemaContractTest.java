package dev.orbiter.train.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** Every schema documents itself and can evolve: docs everywhere, defaults where fields may come later. */
class SchemaContractTest {

    /** Identity fields: every record has them from the start, so they need no default. */
    private static final Set<String> REQUIRED_IDENTITY = Set.of(
            "TrajectoryStep.id", "DatasetSnapshot.snapshot_id", "DatasetSnapshot.dataset", "DatasetSnapshot.topic",
            "TrainingJob.job_id", "JobStatus.job_id", "JobStatus.state", "TrainingMetric.job_id",
            "PartitionOffset.partition", "PartitionOffset.offset", "NestedJson.json");

    private final Map<String, Schema> current = SchemaFiles.load("avro");

    @Test
    void everyRecordAndFieldHasADoc() {
        List<String> missing = new ArrayList<>();
        current.values().forEach(schema -> {
            if (isBlank(schema.getDoc())) {
                missing.add(schema.getName());
            }
            schema.getFields().stream().filter(f -> isBlank(f.doc()))
                    .forEach(f -> missing.add(schema.getName() + "." + f.name()));
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void everyFieldButIdentityHasADefault() {
        List<String> missing = new ArrayList<>();
        current.values().forEach(schema -> schema.getFields().stream()
                .filter(f -> !f.hasDefaultValue())
                .map(f -> schema.getName() + "." + f.name())
                .filter(name -> !REQUIRED_IDENTITY.contains(name))
                .forEach(missing::add));
        assertThat(missing).isEmpty();
    }

    @Test
    void optionalFieldsDefaultToNull() {
        current.values().forEach(schema -> schema.getFields().stream()
                .filter(f -> f.schema().getType() == Schema.Type.UNION)
                .forEach(f -> assertThat(f.defaultVal()).as(schema.getName() + "." + f.name())
                        .isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE)));
    }

    @Test
    void trajectoryStepFieldsUseTheSnakeCaseKeysOfTrajectoryItemToMap() {
        List<String> toMapKeys = List.of("id", "task_id", "agent_id", "step", "timestamp", "input", "messages",
                "context", "output", "tool_calls", "score", "status", "metadata");
        List<String> fields = TrajectoryStep.getClassSchema().getFields().stream().map(Field::name)
                .collect(Collectors.toList());
        assertThat(fields.subList(0, toMapKeys.size())).containsExactlyElementsOf(toMapKeys);
        assertThat(fields).contains("group_id", "attempt", "source");
    }

    @Test
    void generatedClassesMatchTheSchemaFiles() {
        OrbiterSchemas.EVENTS.forEach(schema ->
                assertThat(SchemaNormalization.parsingFingerprint64(schema)).as(schema.getName())
                        .isEqualTo(SchemaNormalization.parsingFingerprint64(current.get(schema.getName()))));
    }

    @Test
    void timestampIsTimestampMillis() {
        Schema ts = TrajectoryStep.getClassSchema().getField("timestamp").schema();
        assertThat(ts.getLogicalType().getName()).isEqualTo("timestamp-millis");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
