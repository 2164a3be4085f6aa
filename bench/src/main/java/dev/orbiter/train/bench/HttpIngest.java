package dev.orbiter.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** Posts steps to capture-service in batches with a fixed number of requests in flight; every answer must be 202. */
final class HttpIngest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpIngest() {
    }

    static double run(String baseUrl, String key, List<TrajectoryItem> items, int batch, int inFlight) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < items.size(); i += batch) {
            List<Object> maps = new ArrayList<>();
            items.subList(i, Math.min(i + batch, items.size())).forEach(it -> maps.add(it.toMap()));
            bodies.add(JSON.writeValueAsBytes(maps));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(baseUrl + "/v1/steps");
        post(client, uri, key, bodies.get(0)).join(); // warm-up (counted in Kafka, not in the time)
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
        return items.size() / seconds;
    }

    private static CompletableFuture<Integer> post(HttpClient client, URI uri, String key, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
