package dev.orbiter.train.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * State that must outlive a pod or a container: the trainer's work directory (checkpoints a
 * restarted job resumes from) and each stream-processor instance's state directory, in the
 * Kubernetes files and in compose; and the address each stream-processor pod advertises to its peers.
 */
class DeploymentStateTest {

    @Test
    void theTrainersWorkDirectoryIsAPersistentVolumeClaimAndItsPodIsRecreatedNotRolled() throws IOException {
        List<JsonNode> docs = DeploymentFilesTest.documents(DeploymentFilesTest.ROOT.resolve("k8s/trainer-service.yaml"));
        Deployment d = DeploymentFilesTest.YAML.treeToValue(DeploymentFilesTest.find(docs, "Deployment"), Deployment.class);
        PersistentVolumeClaim claim = DeploymentFilesTest.YAML.treeToValue(
                DeploymentFilesTest.find(docs, "PersistentVolumeClaim"), PersistentVolumeClaim.class);
        String workDir = DeploymentFilesTest.find(docs, "ConfigMap").path("data").path("ORBITER_TRAINER_WORK_DIR").asText();

        Volume work = volumeMountedAt(d.getSpec().getTemplate().getSpec().getContainers().get(0),
                d.getSpec().getTemplate().getSpec().getVolumes(), workDir);
        assertThat(work.getEmptyDir()).as("an emptyDir loses the checkpoints with the pod").isNull();
        assertThat(work.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(d.getSpec().getStrategy().getType()).as("a ReadWriteOnce volume cannot be held by two pods")
                .isEqualTo("Recreate");
    }

    @Test
    void eachStreamProcessorPodHasItsOwnStateVolumeAndAdvertisesItsStableAddress() throws IOException {
        List<JsonNode> docs = DeploymentFilesTest.documents(DeploymentFilesTest.ROOT.resolve("k8s/stream-processor.yaml"));
        StatefulSet set = DeploymentFilesTest.YAML.treeToValue(DeploymentFilesTest.find(docs, "StatefulSet"), StatefulSet.class);
        String stateDir = DeploymentFilesTest.find(docs, "ConfigMap").path("data").path("ORBITER_STATE_DIR").asText();
        Container c = set.getSpec().getTemplate().getSpec().getContainers().get(0);

        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(stateDir)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + stateDir));
        assertThat(set.getSpec().getVolumeClaimTemplates()).extracting(t -> t.getMetadata().getName())
                .containsExactly(mount.getName());
        assertThat(set.getSpec().getTemplate().getSpec().getVolumes()).as("no pod-lifetime volume of that name")
                .noneMatch(v -> v.getName().equals(mount.getName()));

        Service peers = docs.stream().filter(n -> n.path("kind").asText().equals("Service"))
                .map(n -> DeploymentFilesTest.YAML.convertValue(n, Service.class))
                .filter(s -> s.getMetadata().getName().equals(set.getSpec().getServiceName())).findFirst()
                .orElseThrow(() -> new AssertionError("no governing Service " + set.getSpec().getServiceName()));
        assertThat(peers.getSpec().getClusterIP()).as("headless").isEqualTo("None");
        assertThat(peers.getSpec().getSelector()).isEqualTo(set.getSpec().getSelector().getMatchLabels());
        int port = c.getPorts().get(0).getContainerPort();
        assertThat(env(c, "ORBITER_APPLICATION_SERVER").getValue()).isEqualTo("$(POD_NAME)." + peers.getMetadata().getName()
                + "." + set.getMetadata().getNamespace() + ".svc.cluster.local:" + port);
        assertThat(env(c, "POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(c.getEnv().indexOf(env(c, "POD_NAME"))).as("$(POD_NAME) only expands if defined before")
                .isLessThan(c.getEnv().indexOf(env(c, "ORBITER_APPLICATION_SERVER")));
    }

    @Test
    void noKubernetesFileKeepsStateOnAnEmptyDir() throws IOException {
        try (var files = Files.list(DeploymentFilesTest.ROOT.resolve("k8s"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(f -> {
                try {
                    for (JsonNode doc : DeploymentFilesTest.documents(f)) {
                        assertThat(doc.findValue("emptyDir")).as(f.getFileName() + " " + doc.path("kind").asText()).isNull();
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void composeKeepsStreamStateAndTrainerWorkOnNamedVolumes() throws IOException {
        JsonNode compose = DeploymentFilesTest.YAML.readTree(DeploymentFilesTest.ROOT.resolve("docker-compose.yml").toFile());
        assertNamedVolumeAt(compose, "stream-processor", compose.path("services").path("stream-processor")
                .path("environment").path("ORBITER_STATE_DIR").asText());
        assertNamedVolumeAt(compose, "trainer-service", compose.path("services").path("trainer-service")
                .path("environment").path("ORBITER_TRAINER_WORK_DIR").asText());
    }

    private static void assertNamedVolumeAt(JsonNode compose, String service, String dir) {
        assertThat(dir).as(service + "'s directory").isNotBlank();
        String volume = null;
        for (JsonNode v : compose.path("services").path(service).path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(dir)) {
                volume = parts[0];
            }
        }
        assertThat(volume).as(service + " mounts a volume at " + dir).isNotNull();
        assertThat(compose.path("volumes").has(volume)).as(volume + " is a named volume").isTrue();
    }

    private static Volume volumeMountedAt(Container c, List<Volume> volumes, String dir) {
        String name = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(dir)).map(VolumeMount::getName)
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + dir));
        return volumes.stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }
}
