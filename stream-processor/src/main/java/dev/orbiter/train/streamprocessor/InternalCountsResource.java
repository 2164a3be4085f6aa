package dev.orbiter.train.streamprocessor;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * This instance's own counters, for its peers' {@link ClusterCounts}: outside {@code /v1}, like
 * {@code /q/metrics} (the same numbers, by dataset), so peers need no API key. A 503 while the
 * stores are not queryable.
 */
@Path("/internal/counts")
public class InternalCountsResource {

    @Inject
    ClusterCounts counts;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> local() {
        return counts.localView();
    }
}
