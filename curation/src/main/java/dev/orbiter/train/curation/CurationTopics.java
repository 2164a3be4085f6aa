package dev.orbiter.train.curation;

import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The topics the curation topology reads and writes: steps, rewards and snapshots from the
 * catalogue, one compacted topic per dataset, and the dead-letter topic. Internal repartition and
 * changelog topics are created by Kafka Streams itself.
 */
public final class CurationTopics {

    private CurationTopics() {
    }

    public static List<TopicSpec> of(CurationSettings settings) {
        List<TopicSpec> specs = new ArrayList<>(List.of(settings.topics().steps(), settings.topics().rewards(),
                settings.topics().datasetSnapshots(), settings.topics().dlq(CurationNames.DLQ_APPLICATION)));
        if (settings.calls().enabled()) {
            specs.add(settings.topics().capturedCalls());
        }
        for (DatasetDefinition d : settings.datasets()) {
            TopicSpec catalogue = settings.topics().dataset(d.name());
            specs.add(new TopicSpec(d.topic(), catalogue.partitions(), catalogue.replicationFactor(),
                    TopicSpec.COMPACT, catalogue.keyType(), catalogue.valueType(), catalogue.configs()));
        }
        return specs;
    }

    /**
     * Creates whatever is missing (an existing dataset topic that is not compacted is an error) and
     * returns the settings with the steps topic's real partition count: the reward join's tasks
     * follow it, so steps from Java-like producers (murmur2 of the key) need no repartition.
     */
    public static CurationSettings ensure(CurationSettings settings, String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            TopicAdmin.ensure(admin, of(settings));
            String steps = settings.topics().steps().name();
            int partitions = admin.describeTopics(List.of(steps)).allTopicNames().get(30, TimeUnit.SECONDS).get(steps)
                    .partitions().size();
            return partitions == settings.topics().steps().partitions() ? settings
                    : settings.withTopics(settings.topics().with("orbiter.topics.steps.partitions", Integer.toString(partitions)));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the steps topic: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the steps topic", e);
        }
    }
}
