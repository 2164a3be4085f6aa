package dev.orbiter.train.client.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys and bearer tokens, stored as SHA-256 hashes ({@code <tenant>:<hex>}), each bound to a
 * tenant. A presented key is hashed and compared in constant time with every stored hash.
 */
public final class ApiKeys {

    private final Map<byte[], String> tenantsByHash = new LinkedHashMap<>();

    public ApiKeys(List<String> entries) {
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || entry.length() - colon - 1 != 64) {
                throw new IllegalArgumentException("API key entries must be <tenant>:<64 hex chars of sha256>, got an "
                        + "entry of length " + entry.length());
            }
            tenantsByHash.put(HexFormat.of().parseHex(entry.substring(colon + 1)), entry.substring(0, colon));
        }
    }

    /** The tenant of a presented key, if it is one of ours. */
    public Optional<String> tenantOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presentedKey.strip());
        String found = null;
        for (Map.Entry<byte[], String> e : tenantsByHash.entrySet()) {
            if (MessageDigest.isEqual(e.getKey(), hash)) { // constant time per comparison
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean isEmpty() {
        return tenantsByHash.isEmpty();
    }

    /** The stored form of a key for a tenant ({@code tenant:sha256hex}). */
    public static String entry(String tenant, String key) {
        return tenant + ":" + HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
