package dev.orbiter.train.client.registry;

/** A schema as the registry knows it under a subject: its global id, version and text. */
public record RegisteredSchema(String subject, int id, int version, String schema) {
}
