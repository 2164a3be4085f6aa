package dev.orbiter.train.client.registry;

import dev.orbiter.train.avro.OrbiterSchemas;
import dev.orbiter.train.client.TopicSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the event schemas of catalogue topics under their {@code <topic>-value} subjects
 * (Confluent's TopicNameStrategy), so a producer in any language that fetches the latest schema
 * and never registers (Confluent's recommended production setting) finds them on a fresh platform.
 * Each service registers its own topics at startup; registering an identical schema again is a
 * no-op that returns the same id.
 */
public final class SchemaCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCatalogue.class);
    private static final Set<String> EVENTS = OrbiterSchemas.EVENTS.stream().map(Schema::getName).collect(Collectors.toSet());

    private SchemaCatalogue() {
    }

    /** The subject and schema of each topic whose values are an Orbiter event (DLQs hold raw bytes: none). */
    public static Map<String, Schema> subjects(List<TopicSpec> topics) {
        Map<String, Schema> out = new LinkedHashMap<>();
        for (TopicSpec t : topics) {
            if (EVENTS.contains(t.valueType())) {
                out.put(t.name() + "-value", OrbiterSchemas.byName(t.valueType()));
            }
        }
        return out;
    }

    /**
     * {@link #register}, for a service starting while the registry may not be up yet: a failure is
     * logged with its reason and returned as {@code false}; the writers register on first use anyway.
     */
    public static boolean registerAtStartup(SchemaRegistryClient registry, List<TopicSpec> topics) {
        try {
            register(registry, topics);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("could not register the event schemas of {} at startup ({}); producers that only fetch the latest "
                    + "schema find them once this service wrote its first record", subjects(topics).keySet(), e.getMessage());
            return false;
        }
    }

    /** Registers every subject of {@link #subjects}; returns subject to schema id. Throws if the registry refuses one. */
    public static Map<String, Integer> register(SchemaRegistryClient registry, List<TopicSpec> topics) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        subjects(topics).forEach((subject, schema) -> ids.put(subject, registry.register(subject, schema)));
        LOG.info("event schemas registered: {}", ids);
        return ids;
    }
}
