package dev.orbiter.train.verl.local;

import dev.orbiter.train.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Logger;

/** Writes a benchmark test's figures to {@code target/benchmarks/} and logs a one-line summary. */
final class BenchmarkResults {

    private static final Logger LOG = Logger.getLogger(BenchmarkResults.class.getName());

    private BenchmarkResults() {
    }

    static Path write(String fileName, Map<String, Object> result) {
        Path file = Path.of("target", "benchmarks", fileName);
        try {
            Files.createDirectories(file.getParent());
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> summary = new java.util.LinkedHashMap<>(result);
        summary.remove("curve");
        LOG.info(() -> fileName + ": " + summary);
        return file;
    }

    /** The first epoch (1-based) whose held-out accuracy reached {@code bar}, or -1. */
    static int epochsToReach(java.util.List<Map<String, Object>> steps, double bar) {
        for (Map<String, Object> m : steps) {
            Object acc = m.get("val/accuracy");
            if (acc != null && (double) acc >= bar) {
                return (int) m.get("training/epoch") + 1;
            }
        }
        return -1;
    }
}
