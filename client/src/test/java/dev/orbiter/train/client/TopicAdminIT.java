package dev.orbiter.train.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OrbiterStackExtension.class)
class TopicAdminIT {

    @Test
    void givenTheCatalogue_whenEnsuredTwice_thenTopicsAreCreatedOnceWithTheirCleanupPolicy(OrbiterTestStack stack)
            throws Exception {
        Topics topics = Topics.fromConfig(Map.of("orbiter.topics.steps.name", "admin-it.steps"));
        List<TopicSpec> specs = List.of(topics.steps(), topics.dataset("admin-it"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            assertThat(TopicAdmin.ensure(admin, specs)).containsExactlyInAnyOrder("admin-it.steps",
                    "orbiter.dataset.admin-it");
            assertThat(TopicAdmin.ensure(admin, specs)).isEmpty();
            ConfigResource ds = new ConfigResource(ConfigResource.Type.TOPIC, "orbiter.dataset.admin-it");
            assertThat(admin.describeConfigs(List.of(ds)).all().get().get(ds).get("cleanup.policy").value())
                    .isEqualTo("compact");
            assertThat(admin.describeTopics(List.of("admin-it.steps")).allTopicNames().get().get("admin-it.steps")
                    .partitions()).hasSize(3);
        }
    }

    @Test
    void givenADatasetTopicThatIsNotCompacted_whenEnsured_thenItIsReported(OrbiterTestStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orbiter.dataset.wrong", 1, (short) 1))).all().get();
            assertThatThrownBy(() -> TopicAdmin.ensure(admin, List.of(Topics.defaults().dataset("wrong"))))
                    .hasMessageContaining("cleanup.policy=delete").hasMessageContaining("compact");
        }
    }
}
