package dev.orbiter.train.capture;

import dev.orbiter.train.client.http.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns request errors into JSON answers: 400 with the problem list, 503 with Retry-After. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return json(Response.Status.BAD_REQUEST, ErrorBody.badRequest(e.problems()));
    }

    @ServerExceptionMapper
    public Response unavailable(UnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", e.retryAfterSeconds())
                .entity(ErrorBody.unavailable(e.getMessage())).build();
    }

    static Response json(Response.Status status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
