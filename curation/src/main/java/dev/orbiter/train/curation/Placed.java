package dev.orbiter.train.curation;

/** A raw record and whether it already sits on its task's partition (never serialized). */
record Placed(byte[] value, boolean inPlace) {
}
