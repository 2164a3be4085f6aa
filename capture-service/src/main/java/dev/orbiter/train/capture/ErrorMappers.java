package dev.orbiter.train.capture;

import dev.orbiter.train.client.http.ErrorResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns request errors into JSON answers: 400 with the problem list, 503 with Retry-After. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return ErrorResponses.badRequest(e.problems());
    }

    @ServerExceptionMapper
    public Response unavailable(UnavailableException e) {
        return ErrorResponses.unavailable(e.getMessage(), e.retryAfterSeconds());
    }
}
