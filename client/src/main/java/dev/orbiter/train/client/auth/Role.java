package dev.orbiter.train.client.auth;

import java.util.Locale;

/**
 * What a key may do. A {@code reader} reads its tenant's jobs, metrics, events, datasets and
 * snapshots; a {@code writer} also sends steps and rewards, submits and cancels jobs and takes
 * snapshots, for its tenant; an {@code admin} reads and writes every tenant's.
 */
public enum Role {
    READER, WRITER, ADMIN;

    /** The role written in a key entry ({@code reader}, {@code writer}, {@code admin}). */
    public static Role parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text + "': use reader, writer or admin", e);
        }
    }

    public boolean writes() {
        return this != READER;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
