package dev.orbiter.train.client.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The services' error answers as JAX-RS responses, each with an {@link ErrorBody}: the same status
 * codes, headers and body shape in capture-service, stream-processor and trainer-service.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response of(int status, String error, String reason) {
        return json(status, ErrorBody.of(error, reason));
    }

    public static Response badRequest(List<Problem> problems) {
        return json(400, ErrorBody.badRequest(problems));
    }

    /** 401 with {@code WWW-Authenticate: Bearer}. */
    public static Response unauthorized(String reason) {
        return Response.status(401).type(MediaType.APPLICATION_JSON).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(ErrorBody.unauthorized(reason)).build();
    }

    /** 403: the key is known, its role does not allow this. */
    public static Response forbidden(String reason) {
        return of(403, "forbidden", reason);
    }

    public static Response notFound(String reason) {
        return of(404, "not found", reason);
    }

    /** 503 with {@code Retry-After}: the client may retry then. */
    public static Response unavailable(String reason, int retryAfterSeconds) {
        return Response.status(503).type(MediaType.APPLICATION_JSON).header("Retry-After", retryAfterSeconds)
                .entity(ErrorBody.unavailable(reason)).build();
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
