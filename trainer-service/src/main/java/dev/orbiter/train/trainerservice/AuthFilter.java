package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.auth.ApiKeyAuth;
import dev.orbiter.train.client.auth.ApiKeyRequests;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys on {@code /v1}, the rule every service shares ({@link ApiKeyRequests}). The event stream
 * also takes the key as {@code ?api_key=} (a browser's EventSource cannot send headers); the reward
 * endpoint is called by VeRL's workers with the key of {@code ORBITER_REWARD_API_KEY}.
 */
public class AuthFilter {

    private final ApiKeyRequests requests;
    private final Caller caller;

    @Inject
    public AuthFilter(TrainerConfig config, Caller caller) {
        this.caller = caller;
        // reward scoring only computes: VeRL's workers may call it with a reader key
        this.requests = new ApiKeyRequests(new ApiKeyAuth(config.auth().enabled(), config.auth().keys().orElse(List.of())),
                "/v1/events", Set.of(RewardScoreResource.PATH));
    }

    /** Binds the request to the key's tenant and role: jobs are stamped with it and every read is filtered by it. */
    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        return requests.filter(request, caller::access);
    }
}
