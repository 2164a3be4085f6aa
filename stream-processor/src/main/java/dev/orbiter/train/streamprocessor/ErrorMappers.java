package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.http.ServiceException;
import dev.orbiter.train.client.http.ErrorResponses;
import dev.orbiter.train.client.dataset.SnapshotException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers with reasons: 404 for an unknown dataset, 503 + Retry-After while stores are not queryable. */
public class ErrorMappers {

    @Inject
    StreamProcessorConfig config;

    @ServerExceptionMapper
    public Response answer(ServiceException e) {
        return e.response();
    }

    @ServerExceptionMapper
    public Response notQueryable(InvalidStateStoreException e) {
        return ErrorResponses.unavailable("the topology is rebalancing or restoring its state: " + e.getMessage(),
                config.retryAfterSeconds());
    }

    /** An unknown snapshot is 404, a deleted one 410, one that cannot be read as its version 409. */
    @ServerExceptionMapper
    public Response snapshot(SnapshotException e) {
        int status = switch (e.reason()) {
            case UNKNOWN -> 404;
            case DELETED -> 410;
            default -> 409;
        };
        return ErrorResponses.of(status, status == 404 ? "not found" : status == 410 ? "gone" : "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response snapshotFailed(IllegalStateException e) {
        return ErrorResponses.unavailable(String.valueOf(e.getMessage()), config.retryAfterSeconds());
    }
}
