package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.auth.ApiKeyAuth;
import dev.orbiter.train.client.auth.ApiKeyRequests;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys on {@code /v1}, the rule every service shares ({@link ApiKeyRequests}); the curation
 * event stream also takes the key as {@code ?api_key=}.
 */
public class AuthFilter {

    private final ApiKeyRequests requests;
    private final Caller caller;

    @Inject
    public AuthFilter(StreamProcessorConfig config, Caller caller) {
        this.caller = caller;
        this.requests = new ApiKeyRequests(new ApiKeyAuth(config.auth().enabled(), config.auth().keys().orElse(List.of())),
                "/v1/curation/events"); // the datasets page's EventSource cannot send headers: ?api_key=
    }

    /** Binds the request to the key's tenant and role: datasets bound to other tenants are not there for it. */
    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        return requests.filter(request, caller::access);
    }
}
