package dev.orbiter.train.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The core library from a cold start: each {@link ColdWorkload} in a fresh JVM, timed from the
 * process start to its exit (class loading, JIT warm-up and GC included, as a user's short program
 * or {@code orbiter export} pays them), {@link #RUNS} times, median reported. Variants: the build
 * JDK as is; with an application class-data-sharing archive made by one earlier run
 * ({@code -XX:ArchiveClassesAtExit}); and, when a JDK 25 is on the machine, that JDK as is and with
 * its ahead-of-time cache ({@code -XX:AOTCacheOutput}, JEP 514). Writes {@code cold-start.md} and
 * {@code cold-start.json}.
 *
 * <p>Run: {@code bench/cold-start} (a few minutes).
 */
public final class ColdStart {

    static final int RUNS = 3;

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/target");
        Files.createDirectories(out);
        String classpath = jarred(System.getProperty("java.class.path"), out);
        List<Jdk> jdks = new ArrayList<>(List.of(new Jdk("JDK " + Runtime.version().feature(),
                Path.of(System.getProperty("java.home"), "bin", "java"))));
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            dirs.filter(d -> d.getFileName().toString().contains("25") && Files.isExecutable(d.resolve("bin/java")))
                    .findFirst().ifPresent(d -> jdks.add(new Jdk("JDK 25", d.resolve("bin/java"))));
        }
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (String workload : ColdWorkload.NAMES) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (Jdk jdk : jdks) {
                row.put(jdk.name(), median(jdk, classpath, workload, List.of()));
                row.put(jdk.name() + " + " + (jdk.name().equals("JDK 25") ? "AOT cache" : "AppCDS"),
                        median(jdk, classpath, workload, cache(jdk, classpath, workload, out)));
            }
            medians.put(workload, row);
            System.out.println(workload + " " + row);
        }
        Files.writeString(out.resolve("cold-start.md"), markdown(medians));
        Files.writeString(out.resolve("cold-start.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(medians));
        System.out.println(markdown(medians));
    }

    record Jdk(String name, Path java) {
    }

    /**
     * The class path with each directory replaced by a jar of its contents: class-data sharing
     * archives only jars (a directory fails the JVM's start), and a user's program runs from jars.
     */
    static String jarred(String classpath, Path out) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                entries.add(entry);
                continue;
            }
            Path jar = out.resolve("cold-" + entries.size() + ".jar");
            try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar)); var files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(p.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The flags that use a class cache made by one training run of the workload. */
    private static List<String> cache(Jdk jdk, String classpath, String workload, Path out) throws Exception {
        if (jdk.name().equals("JDK 25")) {
            Path aot = out.resolve("cold-" + workload + ".aot");
            Files.deleteIfExists(aot);
            time(jdk, classpath, workload, List.of("-XX:AOTCacheOutput=" + aot));
            return List.of("-XX:AOTCache=" + aot);
        }
        Path jsa = out.resolve("cold-" + workload + ".jsa");
        Files.deleteIfExists(jsa);
        time(jdk, classpath, workload, List.of("-XX:ArchiveClassesAtExit=" + jsa));
        return List.of("-XX:SharedArchiveFile=" + jsa);
    }

    private static double median(Jdk jdk, String classpath, String workload, List<String> flags) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            seconds.add(time(jdk, classpath, workload, flags));
        }
        seconds.sort(null);
        return seconds.get(RUNS / 2);
    }

    /** One fresh JVM running the workload to its exit; seconds of wall time. */
    static double time(Jdk jdk, String classpath, String workload, List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx4g"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", classpath, ColdWorkload.class.getName(), workload));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(workload + " did not finish in 10 minutes: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(workload + " exited with " + p.exitValue() + ": " + cmd);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static String markdown(Map<String, Map<String, Double>> medians) {
        List<String> variants = new ArrayList<>(medians.values().iterator().next().keySet());
        StringBuilder b = new StringBuilder("| workload (fresh JVM, median of " + RUNS + ", s) | "
                + String.join(" | ", variants) + " |\n|---|" + "---|".repeat(variants.size()) + "\n");
        medians.forEach((w, row) -> {
            b.append("| ").append(w);
            variants.forEach(v -> b.append(String.format(" | %.2f", row.get(v))));
            b.append(" |\n");
        });
        return b.toString();
    }
}
