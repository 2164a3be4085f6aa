package dev.orbiter.train.client.auth;

import dev.orbiter.train.client.http.ErrorResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The services' one request filter rule: every {@code /v1} request carries a known API key
 * ({@code X-API-Key} or a bearer token; on {@code queryKeyPath} also {@code ?api_key=}, for a
 * browser's EventSource, which cannot send headers), else it is answered 401; a {@code reader}
 * key that sends anything but GET is answered 403, except on {@code readingPosts} (a POST that
 * only computes, such as reward scoring); health, metrics and OpenAPI stay open.
 */
public final class ApiKeyRequests {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiKeyAuth auth;
    private final String queryKeyPath;
    private final Set<String> readingPosts;

    public ApiKeyRequests(ApiKeyAuth auth, String queryKeyPath) {
        this(auth, queryKeyPath, Set.of());
    }

    public ApiKeyRequests(ApiKeyAuth auth, String queryKeyPath, Set<String> readingPosts) {
        this.auth = auth;
        this.queryKeyPath = queryKeyPath;
        this.readingPosts = Set.copyOf(readingPosts);
    }

    /** Empty to let the request through (telling {@code caller} who calls), else the 401 or 403 to answer. */
    public Optional<jakarta.ws.rs.core.Response> filter(ContainerRequestContext request, Consumer<Access> caller) {
        String path = request.getUriInfo().getPath();
        if (!auth.enabled() || !path.startsWith("/v1/")) {
            caller.accept(Access.UNRESTRICTED);
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
        Access access = outcome.access();
        boolean reads = READS.contains(request.getMethod()) || ("POST".equals(request.getMethod())
                && readingPosts.contains(path));
        if (!reads && !access.role().writes()) {
            return Optional.of(ErrorResponses.forbidden("the key of tenant " + access.tenant() + " has the role "
                    + access.role() + ", which may only read; " + request.getMethod() + " " + path + " needs writer or admin"));
        }
        caller.accept(access);
        return Optional.empty();
    }
}
