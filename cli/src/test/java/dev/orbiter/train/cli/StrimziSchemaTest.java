package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi resources in {@code k8s/} against Strimzi's own CRD schemas (the {@code v1}
 * {@code openAPIV3Schema} of Strimzi 1.2.0's released install files, copied under
 * {@code src/test/resources/strimzi-crds/}), validated by a JSON Schema validator. Strict like
 * {@code kubeconform -strict} and the API server's {@code fieldValidation=Strict}: a field the
 * schema does not name is an error, where a cluster would silently prune it.
 */
class StrimziSchemaTest {

    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    @BeforeAll
    static void loadCrds() throws IOException {
        for (String file : List.of("040-Crd-kafka.yaml", "043-Crd-kafkatopic.yaml", "045-Crd-kafkanodepool.yaml")) {
            JsonNode crd;
            try (InputStream in = StrimziSchemaTest.class.getResourceAsStream("/strimzi-crds/" + file)) {
                crd = DeploymentFilesTest.YAML.readTree(in);
            }
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (version.path("name").asText().equals("v1")) {
                    JsonNode schema = strict(version.path("schema").path("openAPIV3Schema").deepCopy());
                    SCHEMAS.put(crd.path("spec").path("names").path("kind").asText(),
                            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema));
                }
            }
        }
        assertThat(SCHEMAS).containsOnlyKeys("Kafka", "KafkaTopic", "KafkaNodePool");
    }

    @Test
    void theClusterNodePoolsAndEveryTopicMatchStrimzisSchemas() throws IOException {
        int checked = 0;
        for (String file : List.of("k8s/kafka.yaml", "k8s/topics.yaml")) {
            for (JsonNode doc : DeploymentFilesTest.documents(DeploymentFilesTest.ROOT.resolve(file))) {
                assertThat(doc.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
                assertThat(errors(doc)).as(file + " " + doc.path("kind").asText() + " "
                        + doc.path("metadata").path("name").asText()).isEmpty();
                checked++;
            }
        }
        assertThat(checked).as("documents checked").isGreaterThan(10);
    }

    @Test
    void aMisspelledFieldOrAWrongTypeIsCaught() throws IOException {
        JsonNode topic = DeploymentFilesTest.documents(DeploymentFilesTest.ROOT.resolve("k8s/topics.yaml")).get(0);
        ObjectNode misspelled = topic.deepCopy();
        ((ObjectNode) misspelled.path("spec")).set("partitons", misspelled.path("spec").path("partitions"));
        ObjectNode wrongType = topic.deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("partitions", "six");

        assertThat(errors(misspelled)).anySatisfy(e -> assertThat(e.toString()).contains("partitons"));
        assertThat(errors(wrongType)).anySatisfy(e -> assertThat(e.toString()).contains("partitions"));
    }

    private static List<Error> errors(JsonNode doc) {
        Schema schema = SCHEMAS.get(doc.path("kind").asText());
        assertThat(schema).as("a Strimzi schema for kind " + doc.path("kind").asText()).isNotNull();
        return schema.validate(doc);
    }

    /**
     * Every object schema that lists its properties and does not keep unknown fields gets
     * {@code additionalProperties: false}: OpenAPI structural schemas prune unknown fields, which
     * would hide a typo.
     */
    private static JsonNode strict(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.has("properties") && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                o.put("additionalProperties", false);
            }
            o.properties().forEach(e -> strict(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(StrimziSchemaTest::strict);
        }
        return node;
    }
}
