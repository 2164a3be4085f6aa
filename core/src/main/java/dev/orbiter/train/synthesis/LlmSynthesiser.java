package dev.orbiter.train.synthesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orbiter.train.internal.Json;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The LLM strategy: asks an OpenAI-compatible chat-completions endpoint for a new example
 * modelled on each picked source item. Settings come from the builder, else from the synthesis
 * config's extras ({@code llm_base_url}, {@code llm_model}, {@code llm_api_key},
 * {@code llm_timeout_seconds}, {@code llm_max_retries}), else from the environment
 * ({@code OPENAI_BASE_URL}, {@code OPENAI_MODEL}, {@code OPENAI_API_KEY}). Connection failures,
 * 429 and 5xx are retried with exponential backoff; anything else is a clear {@link SynthesisError}.
 */
public final class LlmSynthesiser implements DataSynthesiser {

    static final String SYSTEM_PROMPT = "You create new training examples for an AI agent. Given one example, "
            + "write a different but similar example. Reply with only a JSON object: "
            + "{\"input\": \"...\", \"output\": \"...\"}.";

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration backoff;
    private final HttpClient http;

    private LlmSynthesiser(Builder b) {
        String base = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
        this.endpoint = URI.create(base + "/chat/completions");
        this.model = b.model;
        this.apiKey = b.apiKey;
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.backoff = b.backoff;
        this.http = HttpClient.newBuilder().connectTimeout(b.timeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings from the config's extras, then the environment. */
    public static LlmSynthesiser fromConfig(SynthesisConfig config) {
        Map<String, Object> x = config.extra();
        Builder b = builder()
                .baseUrl(setting(x, "llm_base_url", "OPENAI_BASE_URL", "https://api.openai.com/v1"))
                .model(setting(x, "llm_model", "OPENAI_MODEL", "gpt-4o-mini"))
                .apiKey(setting(x, "llm_api_key", "OPENAI_API_KEY", ""));
        b.timeout(Duration.ofMillis((long) (1000 * Double.parseDouble(setting(x, "llm_timeout_seconds", null, "30")))));
        b.maxRetries(Integer.parseInt(setting(x, "llm_max_retries", null, "3")));
        return b.build();
    }

    private static String setting(Map<String, Object> extra, String key, String env, String fallback) {
        Object v = extra.get(key);
        if (v != null) {
            return v.toString();
        }
        String e = env == null ? null : System.getenv(env);
        return e != null && !e.isBlank() ? e : fallback;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public List<TrajectoryItem> synthesise(List<TrajectoryItem> source, SynthesisConfig config) {
        if (source.isEmpty()) {
            return List.of();
        }
        Random rng = Synthesis.random(config.seed());
        List<TrajectoryItem> out = new ArrayList<>(config.numSamples());
        while (out.size() < config.numSamples()) {
            TrajectoryItem example = source.get(rng.nextInt(source.size()));
            out.add(generateFrom(example));
        }
        return out;
    }

    /** Asks the endpoint for one new item modelled on {@code example}. */
    public TrajectoryItem generateFrom(TrajectoryItem example) {
        String body = requestBody(example);
        String answer;
        try {
            answer = send(body, 0).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SynthesisError) {
                throw (SynthesisError) cause;
            }
            throw new SynthesisError("LLM endpoint " + endpoint + " is unreachable: " + cause, cause);
        }
        Map<String, Object> pair = parseAnswer(answer);
        Map<String, Object> metadata = new LinkedHashMap<>(example.metadata());
        metadata.put("synthesised", "llm");
        metadata.put("source_id", example.id());
        metadata.put("model", model);
        return TrajectoryItem.builder().taskId(example.taskId()).agentId(example.agentId())
                .input((String) pair.get("input")).output((String) pair.get("output")).metadata(metadata).build();
    }

    private String requestBody(TrajectoryItem example) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("input", example.input());
        user.put("output", example.output());
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("model", model);
        req.put("messages", List.of(
                Map.of("role", "system", "content", SYSTEM_PROMPT),
                Map.of("role", "user", "content", Json.write(user))));
        req.put("temperature", 0.8);
        return Json.write(req);
    }

    private CompletableFuture<String> send(String body, int attempt) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!apiKey.isEmpty()) {
            rb.header("Authorization", "Bearer " + apiKey);
        }
        return http.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofString())
                .handle((resp, err) -> {
                    boolean retryable = err != null || resp.statusCode() == 429 || resp.statusCode() >= 500;
                    if (!retryable && resp.statusCode() / 100 == 2) {
                        return CompletableFuture.completedFuture(resp.body());
                    }
                    if (!retryable) {
                        return CompletableFuture.<String>failedFuture(new SynthesisError("LLM endpoint " + endpoint
                                + " answered HTTP " + resp.statusCode() + ": " + abbreviate(resp.body())));
                    }
                    if (attempt >= maxRetries) {
                        String why = err != null ? String.valueOf(err.getCause() != null ? err.getCause() : err)
                                : "HTTP " + resp.statusCode();
                        return CompletableFuture.<String>failedFuture(new SynthesisError("LLM endpoint " + endpoint
                                + " failed after " + (attempt + 1) + " attempts: " + why, err));
                    }
                    long delay = backoff.toMillis() << attempt;
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> send(body, attempt + 1));
                })
                .thenCompose(f -> f);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parseAnswer(String answer) {
        try {
            Map<String, Object> resp = Json.parseObject(answer);
            List<Object> choices = (List<Object>) resp.get("choices");
            Map<String, Object> message = (Map<String, Object>) ((Map<String, Object>) choices.get(0)).get("message");
            String content = stripFences(String.valueOf(message.get("content")));
            Map<String, Object> pair = Json.parseObject(content);
            if (!(pair.get("input") instanceof String) || !(pair.get("output") instanceof String)) {
                throw new IllegalArgumentException("the reply lacks string 'input' and 'output'");
            }
            return pair;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SynthesisError("LLM endpoint " + endpoint + " answered garbage (" + e.getMessage() + "): "
                    + abbreviate(answer), e);
        }
    }

    private static String stripFences(String content) {
        String s = content.strip();
        if (s.startsWith("```")) {
            int start = s.indexOf('\n');
            int end = s.lastIndexOf("```");
            if (start > 0 && end > start) {
                return s.substring(start + 1, end).strip();
            }
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Builds an {@link LlmSynthesiser}. */
    public static final class Builder {
        private String baseUrl = "https://api.openai.com/v1";
        private String model = "gpt-4o-mini";
        private String apiKey = "";
        private Duration timeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private Duration backoff = Duration.ofMillis(200);

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null ? "" : apiKey;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder backoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        public LlmSynthesiser build() {
            return new LlmSynthesiser(this);
        }
    }
}
