package dev.orbiter.train.client.http;

import jakarta.ws.rs.core.Response;

/**
 * A request the service answers with an error: its status, kind and reason, and for a 503 when to
 * retry. Resources throw it; each service maps it with {@link #response()}, so every service answers
 * the same way.
 */
public final class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final int retryAfterSeconds;

    private ServiceException(int status, String error, String reason, int retryAfterSeconds, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ServiceException notFound(String reason) {
        return new ServiceException(404, "not found", reason, 0, null);
    }

    /** 403: the key is known, but what it asks for is not its role's. */
    public static ServiceException forbidden(String reason) {
        return new ServiceException(403, "forbidden", reason, 0, null);
    }

    public static ServiceException conflict(String reason) {
        return new ServiceException(409, "conflict", reason, 0, null);
    }

    /** 503: the service could not do it now (Kafka did not answer in time, stores restoring); retry later. */
    public static ServiceException unavailable(String reason, int retryAfterSeconds, Throwable cause) {
        return new ServiceException(503, "unavailable", reason, retryAfterSeconds, cause);
    }

    public int status() {
        return status;
    }

    /** The answer: {@link ErrorResponses} of this status. */
    public Response response() {
        return status == 503 ? ErrorResponses.unavailable(getMessage(), retryAfterSeconds)
                : ErrorResponses.of(status, error, getMessage());
    }
}
