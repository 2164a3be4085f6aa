package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.http.ErrorBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors answered with reasons: 404 unknown job, 503 + Retry-After when Kafka does not acknowledge. */
public class ErrorMappers {

    @Inject
    TrainerConfig config;

    @ServerExceptionMapper
    public Response notFound(JobsResource.NotFoundException e) {
        return Response.status(404).type("application/json").entity(ErrorBody.of("not found", e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response unavailable(JobsResource.UnavailableException e) {
        return Response.status(503).type("application/json").header("Retry-After", config.retryAfterSeconds())
                .entity(ErrorBody.unavailable(e.getMessage())).build();
    }
}
