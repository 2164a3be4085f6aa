package dev.orbiter.train.client.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API (also served by Apicurio under
 * {@code /apis/ccompat/v7}): register, look up, fetch by id, latest version, compatibility
 * checks and compatibility config. Schemas by id and ids by (subject, schema) are cached in
 * bounded LRU caches, since they never change. Connection failures and 5xx answers are retried
 * with exponential backoff, across the configured URLs; other errors map to
 * {@link SchemaRegistryException} with the registry's {@code error_code}. Thread-safe.
 */
public class SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final LruCache<Integer, Schema> schemasById;
    private final LruCache<SubjectSchema, Integer> idsBySubjectAndSchema;
    private volatile int preferredUrl;

    public SchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.requestTimeout());
        if (config.sslContext() != null) {
            b.sslContext(config.sslContext());
        }
        this.http = b.build();
        if (config.bearerToken() != null) {
            this.authorization = "Bearer " + config.bearerToken();
        } else if (config.basicAuthUserInfo() != null) {
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                    config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        } else {
            this.authorization = null;
        }
        this.schemasById = new LruCache<>(config.cacheCapacity());
        this.idsBySubjectAndSchema = new LruCache<>(config.cacheCapacity());
    }

    public RegistryClientConfig config() {
        return config;
    }

    /** Registers a schema under a subject (idempotent) and returns its id. */
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = answer.path("id").asInt();
        idsBySubjectAndSchema.put(key, id);
        schemasById.put(id, schema);
        return id;
    }

    /** Finds the registered version of a schema under a subject ({@code POST /subjects/{s}}). */
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode a = call("POST", "/subjects/" + enc(subject), schemaBody(schema));
        RegisteredSchema found = new RegisteredSchema(a.path("subject").asText(subject), a.path("id").asInt(),
                a.path("version").asInt(), a.path("schema").asText());
        idsBySubjectAndSchema.put(new SubjectSchema(subject, schema), found.id());
        return found;
    }

    /** The id of a schema already registered under a subject (cached). */
    public int lookupId(String subject, Schema schema) {
        Integer cached = idsBySubjectAndSchema.get(new SubjectSchema(subject, schema));
        return cached != null ? cached : lookup(subject, schema).id();
    }

    /** The schema with a global id (cached; ids are immutable). */
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode a = call("GET", "/schemas/ids/" + id, null);
        Schema schema = new Schema.Parser().parse(a.path("schema").asText());
        schemasById.put(id, schema);
        return schema;
    }

    /** The latest version registered under a subject. */
    public RegisteredSchema getLatestVersion(String subject) {
        return getVersion(subject, "latest");
    }

    /** A version of a subject: a number or {@code latest}. */
    public RegisteredSchema getVersion(String subject, String version) {
        JsonNode a = call("GET", "/subjects/" + enc(subject) + "/versions/" + enc(version), null);
        return new RegisteredSchema(a.path("subject").asText(subject), a.path("id").asInt(), a.path("version").asInt(),
                a.path("schema").asText());
    }

    /** Every subject. */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether the schema could be registered as the next version of the subject. */
    public boolean testCompatibility(String subject, Schema schema) {
        JsonNode a = call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema));
        return a.path("is_compatible").asBoolean(false);
    }

    /** The compatibility level of a subject ({@code null}: the global one). */
    public String getCompatibility(String subject) {
        JsonNode a = call("GET", subject == null ? "/config" : "/config/" + enc(subject), null);
        return a.has("compatibilityLevel") ? a.path("compatibilityLevel").asText() : a.path("compatibility").asText();
    }

    /** Sets the compatibility level of a subject ({@code null}: the global one), e.g. BACKWARD. */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        call("PUT", subject == null ? "/config" : "/config/" + enc(subject), body.toString());
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schemaType", "AVRO").put("schema", schema.toString()).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One request, with retries across URLs for connection failures and 5xx. */
    private JsonNode call(String method, String path, String body) {
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                pause(config.retryBackoff().toMillis() << (attempt - 1));
            }
            int urlIndex = (preferredUrl + attempt) % config.urls().size();
            String base = config.urls().get(urlIndex);
            try {
                HttpResponse<String> resp = http.send(request(method, base + path, body),
                        HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() / 100 == 2) {
                    preferredUrl = urlIndex;
                    return resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
                }
                last = toException(method, path, resp);
                if (resp.statusCode() < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new SchemaRegistryException("schema registry " + base + " unreachable for " + method + " "
                        + path + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted calling the schema registry", e);
            }
            LOG.debug("registry call {} {} failed (attempt {}): {}", method, path, attempt + 1, last.getMessage());
        }
        throw last;
    }

    private HttpRequest request(String method, String url, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stripUserInfo(url))).timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", CONTENT_TYPE);
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private static String stripUserInfo(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int slash = url.indexOf('/', scheme + 3);
        return scheme >= 0 && at > scheme && (slash < 0 || at < slash) ? url.substring(0, scheme + 3) + url.substring(at + 1) : url;
    }

    private static SchemaRegistryException toException(String method, String path, HttpResponse<String> resp) {
        int code = resp.statusCode();
        String message = resp.body();
        try {
            JsonNode err = JSON.readTree(resp.body());
            code = err.path("error_code").asInt(code);
            message = err.path("message").asText(message);
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        return new SchemaRegistryException(resp.statusCode(), code, method + " " + path + ": " + message);
    }

    /** Waits between retries without blocking a pooled thread's interrupt status. */
    private static void pause(long millis) {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)).join();
    }

    /**
     * Cache key of a schema under a subject. Avro's Schema caches its hash code and compares by
     * identity first, so a lookup costs nothing like rendering the schema's JSON.
     */
    public record SubjectSchema(String subject, Schema schema) {
    }

    /** A small synchronized LRU map. */
    static final class LruCache<K, V> {
        private final Map<K, V> map;

        LruCache(int capacity) {
            this.map = new java.util.LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized V get(K key) {
            return map.get(key);
        }

        synchronized void put(K key, V value) {
            map.put(key, value);
        }

        synchronized int size() {
            return map.size();
        }
    }
}
