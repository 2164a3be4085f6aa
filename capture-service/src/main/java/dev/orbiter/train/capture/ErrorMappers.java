package dev.orbiter.train.capture;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns request errors into JSON answers: 400 with the problem list, 503 with Retry-After. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return json(Response.Status.BAD_REQUEST, Map.of("error", "bad request", "problems", e.problems()));
    }

    @ServerExceptionMapper
    public Response unavailable(UnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", e.retryAfterSeconds())
                .entity(Map.of("error", "unavailable", "reason", e.getMessage(), "retryable", true)).build();
    }

    static Response json(Response.Status status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    static Map<String, Object> problems(List<Problem> problems) {
        return Map.of("error", "bad request", "problems", problems);
    }
}
