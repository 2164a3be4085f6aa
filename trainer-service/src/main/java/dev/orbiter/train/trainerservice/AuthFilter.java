package dev.orbiter.train.trainerservice;

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
 * API keys on {@code /v1}, as in capture-service. The event stream also takes the key as
 * {@code ?api_key=} because a browser's EventSource cannot send headers; the reward endpoint is
 * called by VeRL's workers, which send the key of {@code ORBITER_REWARD_API_KEY}.
 */
public class AuthFilter {

    private final ApiKeyAuth auth;

    @Inject
    public AuthFilter(TrainerConfig config) {
        this.auth = new ApiKeyAuth(config.auth().enabled(), config.auth().keys().orElse(List.of()));
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return Optional.empty();
        }
        String key = request.getHeaderString(ApiKeyAuth.API_KEY_HEADER);
        if (key == null && path.equals("/v1/events")) {
            key = request.getUriInfo().getQueryParameters().getFirst("api_key");
        }
        ApiKeyAuth.Outcome outcome = auth.authenticate(key, request.getHeaderString(HttpHeaders.AUTHORIZATION));
        return outcome.allowed() ? Optional.empty() : Optional.of(Response.status(401).type("application/json")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(ErrorBody.unauthorized(outcome.reason())).build());
    }
}
