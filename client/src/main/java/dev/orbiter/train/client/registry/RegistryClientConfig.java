package dev.orbiter.train.client.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Connection settings of the schema registry client, read from the property names Confluent
 * users know: {@code schema.registry.url} (comma-separated; the next URL is tried when one
 * fails), {@code basic.auth.credentials.source} + {@code basic.auth.user.info},
 * {@code bearer.auth.token}, plus {@code schema.registry.request.timeout.ms},
 * {@code schema.registry.max.retries}, {@code schema.registry.retry.backoff.ms} and
 * {@code schema.registry.cache.capacity}. TLS uses an {@link SSLContext} given in code.
 */
public record RegistryClientConfig(List<String> urls, String basicAuthUserInfo, String bearerToken,
                                   Duration requestTimeout, int maxRetries, Duration retryBackoff,
                                   int cacheCapacity, SSLContext sslContext) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_TOKEN = "bearer.auth.token";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String CACHE_CAPACITY = "schema.registry.cache.capacity";
    /** Key under which code may pass an {@link SSLContext} object in the config map. */
    public static final String SSL_CONTEXT = "schema.registry.ssl.context";

    public RegistryClientConfig {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " must name at least one registry URL");
        }
        urls = List.copyOf(urls);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, got " + maxRetries);
        }
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException(CACHE_CAPACITY + " must be >= 1, got " + cacheCapacity);
        }
    }

    /** Settings for one URL, everything else default. */
    public static RegistryClientConfig of(String url) {
        return fromMap(Map.of(URL, url));
    }

    /** Reads the settings from client properties (Kafka serializer configs, for example). */
    public static RegistryClientConfig fromMap(Map<String, ?> configs) {
        Object url = configs.get(URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("missing " + URL);
        }
        List<String> urls = new ArrayList<>();
        for (String u : url.toString().split(",")) {
            String trimmed = u.trim();
            urls.add(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
        }
        String source = string(configs, BASIC_AUTH_SOURCE, "USER_INFO");
        String userInfo = string(configs, BASIC_AUTH_USER_INFO, null);
        if (userInfo == null && "URL".equalsIgnoreCase(source)) {
            userInfo = userInfoFromUrl(urls.get(0));
        }
        Object ssl = configs.get(SSL_CONTEXT);
        return new RegistryClientConfig(urls, userInfo, string(configs, BEARER_TOKEN, null),
                Duration.ofMillis(Long.parseLong(string(configs, REQUEST_TIMEOUT_MS, "10000"))),
                Integer.parseInt(string(configs, MAX_RETRIES, "3")),
                Duration.ofMillis(Long.parseLong(string(configs, RETRY_BACKOFF_MS, "200"))),
                Integer.parseInt(string(configs, CACHE_CAPACITY, "1000")),
                ssl instanceof SSLContext ? (SSLContext) ssl : null);
    }

    private static String userInfoFromUrl(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        return scheme >= 0 && at > scheme ? url.substring(scheme + 3, at) : null;
    }

    private static String string(Map<String, ?> configs, String key, String fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : v.toString();
    }
}
