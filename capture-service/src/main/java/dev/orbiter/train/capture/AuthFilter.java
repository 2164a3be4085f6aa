package dev.orbiter.train.capture;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /v1} request by API key ({@code X-API-Key}) or bearer token and
 * binds it to the key's tenant; health, metrics and the OpenAPI document stay open.
 */
public class AuthFilter {

    static final String API_KEY_HEADER = "X-API-Key";

    private final CaptureConfig config;
    private final ApiKeys keys;
    private final Caller caller;

    @Inject
    public AuthFilter(CaptureConfig config, Caller caller) {
        this.config = config;
        this.caller = caller;
        this.keys = new ApiKeys(config.auth().keys().orElse(List.of()));
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!config.auth().enabled() || !request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        String key = request.getHeaderString(API_KEY_HEADER);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7);
        }
        Optional<String> tenant = keys.tenantOf(key);
        if (tenant.isEmpty()) {
            String reason = key == null ? "missing API key: send X-API-Key or Authorization: Bearer" : "unknown API key";
            return Optional.of(Response.status(Response.Status.UNAUTHORIZED).type("application/json")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .entity(Map.of("error", "unauthorized", "problems", List.of(new Problem("auth", reason)))).build());
        }
        caller.tenant(tenant.get());
        return Optional.empty();
    }
}
