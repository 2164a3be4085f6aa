package dev.orbiter.train.client.serde;

import org.apache.avro.Schema;

/**
 * How a serializer names the registry subject of a record: Confluent's three strategies. Config
 * values may be the short name ({@code TopicNameStrategy}) or Confluent's class name
 * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}).
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
    TOPIC_NAME,
    /** The record's full name: one lineage per record type, across topics. */
    RECORD_NAME,
    /** {@code <topic>-<record full name>}: several record types per topic. */
    TOPIC_RECORD_NAME;

    /** The subject for a record of {@code schema} on {@code topic}. */
    public String subject(String topic, boolean isKey, Schema schema) {
        switch (this) {
            case RECORD_NAME:
                return schema.getFullName();
            case TOPIC_RECORD_NAME:
                return topic + "-" + schema.getFullName();
            case TOPIC_NAME:
            default:
                return topic + (isKey ? "-key" : "-value");
        }
    }

    /** Parses a config value; null means TOPIC_NAME. */
    public static SubjectNameStrategy parse(Object value) {
        if (value == null) {
            return TOPIC_NAME;
        }
        String name = value instanceof Class ? ((Class<?>) value).getSimpleName() : value.toString();
        name = name.substring(name.lastIndexOf('.') + 1);
        switch (name) {
            case "TopicNameStrategy":
            case "TOPIC_NAME":
                return TOPIC_NAME;
            case "RecordNameStrategy":
            case "RECORD_NAME":
                return RECORD_NAME;
            case "TopicRecordNameStrategy":
            case "TOPIC_RECORD_NAME":
                return TOPIC_RECORD_NAME;
            default:
                throw new IllegalArgumentException("unknown subject name strategy: " + value);
        }
    }
}
