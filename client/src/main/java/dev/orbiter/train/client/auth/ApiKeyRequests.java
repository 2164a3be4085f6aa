package dev.orbiter.train.client.auth;

import dev.orbiter.train.client.http.ErrorResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The services' one request filter rule: every {@code /v1} request carries a known API key
 * ({@code X-API-Key} or a bearer token; on {@code queryKeyPath} also {@code ?api_key=}, for a
 * browser's EventSource, which cannot send headers), else it is answered 401; health, metrics and
 * OpenAPI stay open.
 */
public final class ApiKeyRequests {

    private final ApiKeyAuth auth;
    private final String queryKeyPath;

    public ApiKeyRequests(ApiKeyAuth auth, String queryKeyPath) {
        this.auth = auth;
        this.queryKeyPath = queryKeyPath;
    }

    /** Empty to let the request through (telling {@code tenant} who calls), else the 401 to answer. */
    public Optional<Response> filter(ContainerRequestContext request, Consumer<String> tenant) {
        String path = request.getUriInfo().getPath();
        if (!auth.enabled() || !path.startsWith("/v1/")) {
            return Optional.empty();
        }
        String key = request.getHeaderString(ApiKeyAuth.API_KEY_HEADER);
        if (key == null && path.equals(queryKeyPath)) {
            key = request.getUriInfo().getQueryParameters().getFirst("api_key");
        }
        ApiKeyAuth.Outcome outcome = auth.authenticate(key, request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (!outcome.allowed()) {
            return Optional.of(ErrorResponses.unauthorized(outcome.reason()));
        }
        tenant.accept(outcome.tenant());
        return Optional.empty();
    }
}
