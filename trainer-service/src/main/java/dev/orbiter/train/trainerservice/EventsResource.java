package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.auth.Access;
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
 * sends the events already known (so a page opened mid-run draws the whole curve). A caller gets
 * the events of the jobs it sees only (its tenant's; an admin's: all).
 */
@Path("/v1/events")
public class EventsResource {

    @Inject
    JobService jobs;

    @Inject
    Caller caller;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Map<String, Object>> events(@QueryParam("job") String job, @QueryParam("replay") boolean replay) {
        Access access = caller.access(); // read now: the request scope is gone when later events arrive
        return Multi.createFrom().emitter(emitter -> {
            if (replay) {
                for (Map<String, Object> e : known(job, access)) {
                    emitter.emit(e);
                }
            }
            Runnable unsubscribe = jobs.view().subscribe(e -> {
                Object id = e.get("job_id");
                if ((job == null || job.equals(id)) && visible(access, String.valueOf(id))) {
                    emitter.emit(e);
                }
            });
            emitter.onTermination(unsubscribe);
        });
    }

    private boolean visible(Access access, String jobId) {
        JobView.Job j = jobs.view().job(jobId);
        return access.sees(j == null ? null : j.tenant());
    }

    private List<Map<String, Object>> known(String job, Access access) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, JobView.Job> e : jobs.view().all()) {
            if ((job == null || job.equals(e.getKey())) && access.sees(e.getValue().tenant())) {
                e.getValue().statuses().forEach(s -> out.add(EventJson.status(s)));
                e.getValue().metrics().forEach(m -> out.add(EventJson.metric(m)));
            }
        }
        return out;
    }
}
