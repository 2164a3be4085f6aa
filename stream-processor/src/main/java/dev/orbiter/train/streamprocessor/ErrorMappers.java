package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.http.ErrorBody;
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
    public Response unknown(DatasetResource.UnknownDatasetException e) {
        return Response.status(404).type("application/json").entity(ErrorBody.of("not found", e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response notQueryable(InvalidStateStoreException e) {
        return Response.status(503).type("application/json").header("Retry-After", config.retryAfterSeconds())
                .entity(ErrorBody.unavailable("the topology is rebalancing or restoring its state: " + e.getMessage())).build();
    }

    /** An unknown snapshot is 404, a deleted one 410, one that cannot be read as its version 409. */
    @ServerExceptionMapper
    public Response snapshot(SnapshotException e) {
        int status = switch (e.reason()) {
            case UNKNOWN -> 404;
            case DELETED -> 410;
            default -> 409;
        };
        return Response.status(status).type("application/json").entity(ErrorBody.of(
                status == 404 ? "not found" : status == 410 ? "gone" : "conflict", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response snapshotFailed(IllegalStateException e) {
        return Response.status(503).type("application/json").header("Retry-After", config.retryAfterSeconds())
                .entity(ErrorBody.unavailable(String.valueOf(e.getMessage()))).build();
    }
}
