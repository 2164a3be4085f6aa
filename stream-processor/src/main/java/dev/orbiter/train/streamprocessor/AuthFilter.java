package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.http.ErrorBody;
import dev.orbiter.train.client.auth.ApiKeyAuth;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** API keys on {@code /v1}, as in capture-service; health, metrics and OpenAPI stay open. */
public class AuthFilter {

    private final ApiKeyAuth auth;

    @Inject
    public AuthFilter(StreamProcessorConfig config) {
        this.auth = new ApiKeyAuth(config.auth().enabled(), config.auth().keys().orElse(List.of()));
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        ApiKeyAuth.Outcome outcome = auth.authenticate(request.getHeaderString(ApiKeyAuth.API_KEY_HEADER),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        return outcome.allowed() ? Optional.empty() : Optional.of(Response.status(401).type("application/json")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(ErrorBody.unauthorized(outcome.reason())).build());
    }
}
