package dev.orbiter.train.client.auth;

import java.util.List;
import java.util.Optional;

/**
 * The services' one authentication rule: a request carries an API key ({@code X-API-Key}) or a
 * bearer token, and it is accepted if the key hashes to a stored entry; the entry's tenant and
 * role are who calls ({@link Access}). With authentication off every request is accepted, unrestricted.
 */
public final class ApiKeyAuth {

    public static final String API_KEY_HEADER = "X-API-Key";

    /** The outcome: who calls ({@link Access#UNRESTRICTED} with authentication off), or why the request is refused. */
    public record Outcome(boolean allowed, Access access, String reason) {

        /** The caller's tenant (null with authentication off or when refused). */
        public String tenant() {
            return access == null ? null : access.tenant();
        }
    }

    private final boolean enabled;
    private final ApiKeys keys;

    public ApiKeyAuth(boolean enabled, List<String> entries) {
        this.enabled = enabled;
        this.keys = new ApiKeys(entries);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Decides from the request's {@code X-API-Key} and {@code Authorization} headers (either may be null). */
    public Outcome authenticate(String apiKey, String authorization) {
        if (!enabled) {
            return new Outcome(true, Access.UNRESTRICTED, null);
        }
        String key = apiKey;
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7);
        }
        Optional<Access> access = keys.accessOf(key);
        if (access.isPresent()) {
            return new Outcome(true, access.get(), null);
        }
        return new Outcome(false, null, key == null ? "missing API key: send X-API-Key or Authorization: Bearer"
                : "unknown API key");
    }
}
