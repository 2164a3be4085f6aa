package dev.orbiter.train.client;

import java.util.Map;

/**
 * One topic of the catalogue: name, partitions, replication, cleanup policy and the types of
 * its keys and values (documentation for users and checks for deployment files).
 */
public record TopicSpec(String name, int partitions, short replicationFactor, String cleanupPolicy,
                        String keyType, String valueType, Map<String, String> configs) {

    public static final String DELETE = "delete";
    public static final String COMPACT = "compact";

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of " + name + " must be >= 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor of " + name + " must be >= 1, got "
                    + replicationFactor);
        }
        if (!DELETE.equals(cleanupPolicy) && !COMPACT.equals(cleanupPolicy)) {
            throw new IllegalArgumentException("cleanup policy of " + name + " must be delete or compact, got "
                    + cleanupPolicy);
        }
        configs = Map.copyOf(configs == null ? Map.of() : configs);
    }

    public boolean compacted() {
        return COMPACT.equals(cleanupPolicy);
    }

    /** The topic-level configs to create it with (cleanup.policy plus extras). */
    public Map<String, String> creationConfigs() {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(configs);
        all.put("cleanup.policy", cleanupPolicy);
        return all;
    }
}
