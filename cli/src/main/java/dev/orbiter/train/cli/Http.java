package dev.orbiter.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to the services, with the API key; errors become {@link CliException}s with the service's reason. */
public final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiKey;

    Http(String apiKey) {
        this.apiKey = apiKey;
    }

    public JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public JsonNode post(String url, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new CliException("cannot encode the request: " + e.getMessage(), 2);
        }
    }

    private JsonNode send(HttpRequest.Builder b) {
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        HttpRequest request = b.timeout(Duration.ofMinutes(2)).build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            // 503 means "not yet" (a rebalance, Kafka catching up): wait as the service asks, a while
            for (int attempt = 0; r.statusCode() == 503 && attempt < 60; attempt++) {
                long wait = Math.min(2, r.headers().firstValueAsLong("Retry-After").orElse(1));
                Thread.sleep(wait * 1000);
                r = client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            JsonNode body = r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 400) {
                String reason = body.has("problems") ? body.get("problems").toString()
                        : body.path("reason").asText(r.body());
                throw new CliException(request.method() + " " + request.uri() + ": HTTP " + r.statusCode() + ": " + reason,
                        r.statusCode() == 401 ? 4 : 1);
            }
            return body;
        } catch (ConnectException e) {
            throw new CliException("cannot reach " + request.uri().getAuthority() + " (is the platform running? "
                    + "./orbiter dev)", 3);
        } catch (IOException e) {
            throw new CliException(request.method() + " " + request.uri() + ": " + e.getMessage(), 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
    }
}
