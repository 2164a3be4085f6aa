package dev.orbiter.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Empties a directory the CLI owns (the demo's stack home), refusing anything that is not below the repository. */
final class Wipe {

    private Wipe() {
    }

    static void directory(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            return;
        }
        if (abs.getNameCount() < 3) {
            throw new CliException("refusing to empty " + abs, 2);
        }
        try (Stream<Path> paths = Files.walk(abs)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
