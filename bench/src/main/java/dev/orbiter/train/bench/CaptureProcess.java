package dev.orbiter.train.bench;

import dev.orbiter.train.testkit.OrbiterTestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** capture-service's runnable jar as a child process on a free port, stopped (by its PID) on close. */
final class CaptureProcess implements AutoCloseable {

    static final String KEY = "bench-key";
    /** Extra JVM options for the service process, space-separated; not ORBITER_*: the service rejects unknown orbiter keys. */
    static final String JVM_ARGS_ENV = "BENCH_CAPTURE_JVM_ARGS";
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;

    private CaptureProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static CaptureProcess start(Path jar, OrbiterTestStack stack, Path workDir) throws Exception {
        return start(jar, stack, workDir, List.of());
    }

    /** Started with extra system properties ({@code -Dkey=value}), e.g. the gateway's upstream. */
    static CaptureProcess start(Path jar, OrbiterTestStack stack, Path workDir, List<String> properties) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package capture-service first");
        }
        Files.createDirectories(workDir);
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(KEY.getBytes(StandardCharsets.UTF_8)));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx1g", "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=" + stack.bootstrapServers(),
                "-Dorbiter.schema-registry.url=" + stack.schemaRegistryUrl(),
                "-Dorbiter.capture.auth.keys=bench:" + hash, "-Dorbiter.capture.max-batch-size=1000",
                "-Dquarkus.log.level=WARN", "-Dquarkus.log.category.\"io.quarkus\".level=INFO"));
        command.addAll(properties);
        // e.g. -XX:StartFlightRecording=... to profile the service under the benchmark's load
        String extra = System.getenv().getOrDefault(JVM_ARGS_ENV, "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = ChildOutput.follow(p, workDir.resolve("capture-service.log"), line -> {
            Matcher m = LISTENING.matcher(line);
            return m.find() ? Integer.parseInt(m.group(1)) : null;
        }, "capture-service");
        try {
            return new CaptureProcess(p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("capture-service did not start; see " + workDir.resolve("capture-service.log"), e);
        }
    }

    /** The CPU time (user + system, all threads) the service process has used so far. */
    java.time.Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this OS does not report a process's CPU time"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
