package dev.orbiter.train.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates catalogue topics idempotently through the Admin client: missing topics are created
 * with their partitions, replication and cleanup policy; existing ones are left alone, but a
 * cleanup policy that differs from the catalogue's is reported as an error (a dataset topic that
 * is not compacted would grow without bound and break "latest value per key" reads).
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /** Ensures every topic exists; returns the names it created. */
    public static List<String> ensure(Admin admin, Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec s : specs) {
                if (!existing.contains(s.name())) {
                    missing.add(new NewTopic(s.name(), s.partitions(), s.replicationFactor())
                            .configs(s.creationConfigs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    created.add(e.getKey());
                    LOG.info("created topic {}", e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex; // another instance creating it at the same time is fine
                    }
                }
            }
            checkCleanupPoliciesWhenVisible(admin, specs);
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** A topic just created may not be in every broker's metadata yet: describe it again shortly. */
    private static void checkCleanupPoliciesWhenVisible(Admin admin, Collection<TopicSpec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        for (int attempt = 1; ; attempt++) {
            try {
                checkCleanupPolicies(admin, specs);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || attempt == 50) {
                    throw e;
                }
                Thread.sleep(100); // polling: new topics' metadata reaches the brokers asynchronously
            }
        }
    }

    private static void checkCleanupPolicies(Admin admin, Collection<TopicSpec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = new ArrayList<>();
        for (TopicSpec s : specs) {
            resources.add(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
        }
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        for (TopicSpec s : specs) {
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
            String actual = c.get("cleanup.policy").value();
            if (!actual.contains(s.cleanupPolicy())) {
                throw new IllegalStateException("topic " + s.name() + " has cleanup.policy=" + actual
                        + " but the catalogue requires " + s.cleanupPolicy());
            }
        }
    }
}
