package dev.orbiter.train.capture;

import dev.orbiter.train.client.http.ErrorBody;
import dev.orbiter.train.client.auth.ApiKeyAuth;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /v1} request by API key ({@code X-API-Key}) or bearer token and
 * binds it to the key's tenant; health, metrics and the OpenAPI document stay open.
 */
public class AuthFilter {

    static final String API_KEY_HEADER = ApiKeyAuth.API_KEY_HEADER;

    private final ApiKeyAuth auth;
    private final Caller caller;

    @Inject
    public AuthFilter(CaptureConfig config, Caller caller) {
        this.caller = caller;
        this.auth = new ApiKeyAuth(config.auth().enabled(), config.auth().keys().orElse(List.of()));
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!auth.enabled() || !request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        ApiKeyAuth.Outcome outcome = auth.authenticate(request.getHeaderString(API_KEY_HEADER),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (!outcome.allowed()) {
            return Optional.of(Response.status(Response.Status.UNAUTHORIZED).type("application/json")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .entity(ErrorBody.unauthorized(outcome.reason()))
                    .build());
        }
        caller.tenant(outcome.tenant());
        return Optional.empty();
    }
}
