package dev.orbiter.train.trainerservice;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors answered with reasons: 404 unknown job, 503 + Retry-After when Kafka does not acknowledge. */
public class ErrorMappers {

    @Inject
    TrainerConfig config;

    @ServerExceptionMapper
    public Response notFound(JobsResource.NotFoundException e) {
        return Response.status(404).type("application/json").entity(Map.of("error", "not found", "reason", e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response unavailable(JobsResource.UnavailableException e) {
        return Response.status(503).type("application/json").header("Retry-After", config.retryAfterSeconds())
                .entity(Map.of("error", "unavailable", "reason", e.getMessage())).build();
    }
}
