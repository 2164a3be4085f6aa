package dev.orbiter.train.trainerservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A job's work directory: its checkpoints and the small marker files a resume reads. */
final class WorkDirs {

    private WorkDirs() {
    }

    /** Deletes the directory and everything in it (a new job never resumes another's checkpoint). */
    static void clean(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear the work directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The trimmed text of a marker file, or null when there is none (or it cannot be read). */
    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).trim() : null;
        } catch (IOException e) {
            return null; // an unreadable marker is no marker: the job is not resumed from it
        }
    }

    static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
