package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine or cluster exists on the build machine, so the deployment files are checked
 * against the code instead: every compose file and Kubernetes object parses (the latter into the
 * fabric8 model), topic names and cleanup policies match the catalogue, ports and health paths
 * match the services' configuration, environment variables name settings that exist, images are
 * pinned.
 */
class DeploymentFilesTest {

    static final Path ROOT = Path.of(System.getProperty("orbiter.project.root", "..")).toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Map<String, String> PREFIX = Map.of("capture-service", "ORBITER_CAPTURE_",
            "stream-processor", "ORBITER_STREAM_PROCESSOR_", "trainer-service", "ORBITER_TRAINER_");

    @Test
    void composeStartsEveryPartWithPinnedImagesHealthchecksAndOrderedStartup() throws IOException {
        JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        assertThat(fieldNames(services)).contains("kafka", "registry", "topic-init", "capture-service", "stream-processor",
                "trainer-service");
        services.fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            assertThat(image).as(e.getKey() + " image").matches("[a-z0-9./-]+:[0-9][A-Za-z0-9.]*");
        });
        for (String svc : PREFIX.keySet()) {
            JsonNode s = services.path(svc);
            int port = port(svc);
            assertThat(s.path("ports").get(0).asText()).isEqualTo(port + ":" + port);
            assertThat(s.path("healthcheck").path("test").toString()).contains("localhost:" + port + "/q/health/ready");
            assertThat(s.path("build").path("dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
            assertThat(Files.readString(ROOT.resolve(svc).resolve("src/main/docker/Dockerfile.jvm"))).contains("EXPOSE " + port);
            assertThat(s.path("depends_on").path("topic-init").path("condition").asText()).isEqualTo("service_completed_successfully");
            assertThat(s.path("depends_on").path("registry").path("condition").asText()).isEqualTo("service_healthy");
            s.path("environment").fieldNames().forEachRemaining(env -> assertKnown(svc, env));
        }
        assertThat(services.path("topic-init").path("depends_on").path("kafka").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void composeCreatesEveryCatalogueTopicWithItsCleanupPolicy() throws IOException {
        String script = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services").path("topic-init")
                .path("command").get(0).asText();
        Map<String, String> created = new HashMap<>();
        Set<String> forever = new java.util.HashSet<>();
        Matcher m = Pattern.compile("(?m)^t (\\S+) (delete|compact)(?: (\\S+))?$").matcher(script);
        while (m.find()) {
            created.put(m.group(1), m.group(2));
            if ("-1".equals(m.group(3))) {
                forever.add(m.group(1));
            }
        }
        assertThat(created).isEqualTo(expectedTopics());
        assertThat(forever).as("topics kept forever").isEqualTo(keptForever());
        assertThat(script).contains("--topic kafkasql-journal --partitions 1").contains("retention.ms=-1");
    }

    @Test
    void theRegistryKeepsSchemasInKafkaSoIdsSurviveARestart() throws IOException {
        JsonNode registry = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services").path("registry");
        assertThat(registry.path("image").asText()).isEqualTo("apicurio/apicurio-registry-kafkasql:2.6.13.Final");
        assertThat(registry.path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        Deployment d = YAML.treeToValue(find(documents(ROOT.resolve("k8s/registry.yaml")), "Deployment"), Deployment.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("apicurio/apicurio-registry-kafkasql:2.6.13.Final");
        assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void kubernetesObjectsParseAndAgreeWithTheServices() throws IOException {
        for (String svc : PREFIX.keySet()) {
            List<JsonNode> docs = documents(ROOT.resolve("k8s").resolve(svc + ".yaml"));
            Workload d = Workload.of(docs);
            Service service = YAML.treeToValue(find(docs, "Service"), Service.class);
            ConfigMap config = YAML.treeToValue(find(docs, "ConfigMap"), ConfigMap.class);
            Container c = d.template().getSpec().getContainers().get(0);
            int port = port(svc);
            assertThat(c.getImage()).isEqualTo("orbiter/" + svc + ":0.1.0");
            assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(port);
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(port);
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(port);
            assertThat(service.getSpec().getSelector()).isEqualTo(d.selector());
            assertThat(c.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName());
            config.getData().keySet().forEach(env -> assertKnown(svc, env));
            c.getEnv().forEach(env -> {
                if (env.getName().equals("POD_NAME")) { // the pod's own name, for the address it advertises
                    assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
                    return;
                }
                assertKnown(svc, env.getName());
                if (env.getName().endsWith("AUTH_KEYS")) {
                    assertThat(env.getValueFrom().getSecretKeyRef()).as("keys come from a secret").isNotNull();
                }
            });
        }
    }

    @Test
    void strimziTopicsAreTheCatalogueAndTheClusterIsKraft() throws IOException {
        Map<String, String> topics = new HashMap<>();
        Set<String> forever = new java.util.HashSet<>();
        for (JsonNode t : documents(ROOT.resolve("k8s/topics.yaml"))) {
            assertThat(t.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("orbiter");
            String name = t.path("spec").path("topicName").asText();
            topics.put(name, t.path("spec").path("config").path("cleanup.policy").asText());
            if ("-1".equals(t.path("spec").path("config").path("retention.ms").asText())) {
                forever.add(name);
            }
        }
        Map<String, String> expected = new HashMap<>(expectedTopics());
        expected.put("kafkasql-journal", "delete");
        assertThat(topics).isEqualTo(expected);
        Set<String> expectedForever = new java.util.HashSet<>(keptForever());
        expectedForever.add("kafkasql-journal");
        assertThat(forever).as("topics kept forever").isEqualTo(expectedForever);
        List<JsonNode> kafka = documents(ROOT.resolve("k8s/kafka.yaml"));
        assertThat(find(kafka, "KafkaNodePool").path("spec").path("roles").toString()).contains("controller", "broker");
        assertThat(find(kafka, "Kafka").path("spec").path("kafka").path("version").asText()).isEqualTo("4.1.1");
    }

    /** The platform topics, the default dataset and the stream-processor's DLQ, with their cleanup policies. */
    private static Map<String, String> expectedTopics() {
        Topics topics = Topics.defaults();
        Map<String, String> out = new HashMap<>();
        List<TopicSpec> all = new ArrayList<>(topics.platformTopics());
        all.add(topics.dataset("default"));
        all.add(topics.dlq("stream-processor"));
        all.forEach(t -> out.put(t.name(), t.cleanupPolicy()));
        return out;
    }

    /** The catalogue's topics with {@code retention.ms=-1}: the raw log, the system of record. */
    private static Set<String> keptForever() {
        return Topics.defaults().platformTopics().stream().filter(t -> "-1".equals(t.configs().get("retention.ms")))
                .map(TopicSpec::name).collect(Collectors.toSet());
    }

    /** An environment variable must override a setting that the service's application.properties has. */
    private static void assertKnown(String svc, String env) {
        Properties p = properties(svc);
        Set<String> known = p.stringPropertyNames().stream()
                .map(k -> k.replaceAll("[^A-Za-z0-9]", "_").toUpperCase()).collect(Collectors.toSet());
        known.add(PREFIX.get(svc) + "AUTH_KEYS"); // documented, commented out in the file: it is a secret
        for (String k : p.stringPropertyNames()) { // ${ORBITER_STATE_DIR:...} and the like inside a value
            Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):").matcher(p.getProperty(k));
            while (m.find()) {
                known.add(m.group(1));
            }
        }
        assertThat(known).as(svc + " reads " + env).contains(env);
    }

    private static int port(String svc) {
        return Integer.parseInt(properties(svc).getProperty("quarkus.http.port"));
    }

    private static Properties properties(String svc) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve(svc).resolve("src/main/resources/application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(n -> {
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    docs.add(n);
                }
            });
        }
        return docs;
    }

    /** A service's Deployment or StatefulSet: its pod template and selector. */
    record Workload(String kind, PodTemplateSpec template, Map<String, String> selector) {
        static Workload of(List<JsonNode> docs) throws IOException {
            for (JsonNode d : docs) {
                if (d.path("kind").asText().equals("Deployment")) {
                    Deployment w = YAML.treeToValue(d, Deployment.class);
                    return new Workload("Deployment", w.getSpec().getTemplate(), w.getSpec().getSelector().getMatchLabels());
                }
                if (d.path("kind").asText().equals("StatefulSet")) {
                    StatefulSet w = YAML.treeToValue(d, StatefulSet.class);
                    return new Workload("StatefulSet", w.getSpec().getTemplate(), w.getSpec().getSelector().getMatchLabels());
                }
            }
            throw new AssertionError("no Deployment or StatefulSet");
        }
    }

    static JsonNode find(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
