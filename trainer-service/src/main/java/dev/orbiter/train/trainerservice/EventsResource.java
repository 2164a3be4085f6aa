package dev.orbiter.train.trainerservice;

import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-sent events of job states and metrics as they are read from Kafka: what the dashboard
 * draws its live curves from. {@code ?job=<id>} narrows to one job; {@code ?replay=true} first
 * sends the events already known (so a page opened mid-run draws the whole curve).
 */
@Path("/v1/events")
public class EventsResource {

    @Inject
    JobService jobs;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Map<String, Object>> events(@QueryParam("job") String job, @QueryParam("replay") boolean replay) {
        return Multi.createFrom().emitter(emitter -> {
            if (replay) {
                for (Map<String, Object> e : known(job)) {
                    emitter.emit(e);
                }
            }
            Runnable unsubscribe = jobs.view().subscribe(e -> {
                if (job == null || job.equals(e.get("job_id"))) {
                    emitter.emit(e);
                }
            });
            emitter.onTermination(unsubscribe);
        });
    }

    private List<Map<String, Object>> known(String job) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, JobView.Job> e : jobs.view().all()) {
            if (job == null || job.equals(e.getKey())) {
                e.getValue().statuses().forEach(s -> out.add(EventJson.status(s)));
                e.getValue().metrics().forEach(m -> out.add(EventJson.metric(m)));
            }
        }
        return out;
    }
}
