package dev.orbiter.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts steps to capture-service in batches with a fixed number of requests in flight; every
 * answer must be 202. The benchmark runs it as its own JVM at a lower CPU priority
 * ({@link #inChildProcess}), so the figure is the service's and not the load generator's: on two
 * cores the service, the broker and the generator otherwise compete as equals.
 */
final class HttpIngest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESULT = "steps_per_s=";

    private HttpIngest() {
    }

    /**
     * The child's entry point: {@code baseUrl key records batch inFlight rounds}; generates the
     * benchmark's items itself (same seed, same sizes), runs once untimed at full size, then prints
     * one {@code steps_per_s=} line per timed round.
     */
    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String key = args[1];
        List<TrajectoryItem> items = CaptureBenchmark.sized(Items.generate(Integer.parseInt(args[2]), 11));
        int batch = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        List<byte[]> bodies = bodies(items, batch);
        run(baseUrl, key, bodies, items.size(), inFlight); // warm-up: the service's JIT and this JVM's
        for (int r = 0; r < rounds; r++) {
            System.out.println(RESULT + run(baseUrl, key, bodies, items.size(), inFlight));
        }
    }

    /**
     * Runs {@link #main} as a child JVM under {@code nice -n 10} (where the machine has nice) and
     * returns the steps/s of each timed round; the child is stopped (by its PID) if it overruns.
     */
    static double[] inChildProcess(String baseUrl, String key, int records, int batch, int inFlight, int rounds,
                                   Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        if (Path.of("/usr/bin/nice").toFile().canExecute()) {
            command.addAll(List.of("/usr/bin/nice", "-n", "10"));
        }
        command.addAll(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"), HttpIngest.class.getName(),
                baseUrl, key, Integer.toString(records), Integer.toString(batch), Integer.toString(inFlight),
                Integer.toString(rounds)));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        List<Double> figures = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT)) {
                    figures.add(Double.parseDouble(line.substring(RESULT.length())));
                }
            }
        } finally {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (p.exitValue() != 0 || figures.size() != rounds) {
            throw new IllegalStateException("the HTTP load generator failed (exit " + p.exitValue() + "); see " + log);
        }
        return figures.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static List<byte[]> bodies(List<TrajectoryItem> items, int batch) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < items.size(); i += batch) {
            List<Object> maps = new ArrayList<>();
            items.subList(i, Math.min(i + batch, items.size())).forEach(it -> maps.add(it.toMap()));
            bodies.add(JSON.writeValueAsBytes(maps));
        }
        return bodies;
    }

    /** Posts every body with {@code inFlight} requests at a time; steps/s of the whole. */
    static double run(String baseUrl, String key, List<byte[]> bodies, int steps, int inFlight) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(baseUrl + "/v1/steps");
        Semaphore slots = new Semaphore(inFlight);
        AtomicReference<String> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (byte[] body : bodies) {
            slots.acquire();
            all.add(post(client, uri, key, body).whenComplete((status, e) -> {
                slots.release();
                if (e != null || status != 202) {
                    failure.compareAndSet(null, e != null ? e.toString() : "status " + status);
                }
            }).thenAccept(s -> { }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("capture-service rejected a benchmark request: " + failure.get());
        }
        return steps / seconds;
    }

    private static CompletableFuture<Integer> post(HttpClient client, URI uri, String key, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
