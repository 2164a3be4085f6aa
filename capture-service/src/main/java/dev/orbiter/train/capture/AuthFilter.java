package dev.orbiter.train.capture;

import dev.orbiter.train.client.auth.ApiKeyAuth;
import dev.orbiter.train.client.auth.ApiKeyRequests;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** API keys on {@code /v1}, the rule every service shares ({@link ApiKeyRequests}). */
public class AuthFilter {

    private final ApiKeyRequests requests;
    private final Caller caller;

    @Inject
    public AuthFilter(CaptureConfig config, Caller caller) {
        this.caller = caller;
        this.requests = new ApiKeyRequests(new ApiKeyAuth(config.auth().enabled(), config.auth().keys().orElse(List.of())),
                null);
    }

    /** Binds the request to the key's tenant, stamped on every step and reward. */
    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        return requests.filter(request, caller::access);
    }
}
