package dev.orbiter.train.client.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys and bearer tokens, stored as SHA-256 hashes, each bound to a tenant and a {@link Role}:
 * {@code <tenant>:<role>:<hex>}, or {@code <tenant>:<hex>} for a {@code writer} (the form before
 * roles existed). A presented key is hashed and compared in constant time with every stored hash.
 */
public final class ApiKeys {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]+");

    private final Map<byte[], Access> accessByHash = new LinkedHashMap<>();

    public ApiKeys(List<String> entries) {
        for (String entry : entries) {
            String[] parts = entry.strip().split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[parts.length - 1].length() != 64) {
                throw new IllegalArgumentException("API key entries must be <tenant>[:<role>]:<64 hex chars of sha256>, got"
                        + " an entry of " + parts.length + " parts and length " + entry.length());
            }
            if (!TENANT.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException("API key entry: tenant '" + parts[0] + "' must use letters, digits, '.',"
                        + " '-' and '_'");
            }
            Role role = parts.length == 3 ? Role.parse(parts[1]) : Role.WRITER;
            accessByHash.put(HexFormat.of().parseHex(parts[parts.length - 1]), new Access(parts[0], role));
        }
    }

    /** The tenant of a presented key, if it is one of ours. */
    public Optional<String> tenantOf(String presentedKey) {
        return accessOf(presentedKey).map(Access::tenant);
    }

    /** The tenant and role of a presented key, if it is one of ours. */
    public Optional<Access> accessOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presentedKey.strip());
        Access found = null;
        for (Map.Entry<byte[], Access> e : accessByHash.entrySet()) {
            if (MessageDigest.isEqual(e.getKey(), hash)) { // constant time per comparison
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean isEmpty() {
        return accessByHash.isEmpty();
    }

    /** The stored form of a key for a tenant ({@code tenant:sha256hex}, a writer). */
    public static String entry(String tenant, String key) {
        return tenant + ":" + HexFormat.of().formatHex(sha256(key));
    }

    /** The stored form of a key for a tenant and role ({@code tenant:role:sha256hex}). */
    public static String entry(String tenant, Role role, String key) {
        return tenant + ":" + role + ":" + HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
