package dev.orbiter.train.streamprocessor;

import dev.orbiter.train.client.auth.Access;
import dev.orbiter.train.client.auth.Role;
import dev.orbiter.train.client.http.ServiceException;
import dev.orbiter.train.curation.CurationSettings;
import dev.orbiter.train.curation.DatasetDefinition;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * What the datasets page ({@code /datasets.html}) draws: the counters over time as server-sent
 * events ({@code ?replay=true} first sends the samples kept, so a page opened late draws the
 * history), and the dead letters by reason with samples. A caller sees the datasets it may see
 * ({@link Access#seesDataset}); dead letters, the stream-thread replacements and the dead-letter
 * total are across tenants, so they are an admin's (or everybody's with authentication off).
 */
@Path("/v1/curation")
public class CurationViewResource {

    @Inject
    DatasetHistory history;

    @Inject
    DeadLetterView deadLetters;

    @Inject
    CurationSettings settings;

    @Inject
    Caller caller;

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Map<String, Object>> events(@QueryParam("replay") boolean replay) {
        Access access = caller.access(); // read now: the request scope is gone when later samples arrive
        Set<String> visible = settings.datasets().stream().filter(d -> access.seesDataset(d.tenants()))
                .map(DatasetDefinition::name).collect(Collectors.toSet());
        boolean admin = access.role() == Role.ADMIN;
        return Multi.createFrom().emitter(emitter -> {
            if (replay) {
                history.samples().forEach(s -> emitter.emit(json(s, visible, admin)));
            }
            Runnable unsubscribe = history.subscribe(s -> emitter.emit(json(s, visible, admin)));
            emitter.onTermination(unsubscribe);
        });
    }

    /** The dead letters by reason, newest samples first: an admin's. */
    @GET
    @Path("dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> deadLetters() {
        if (caller.access().role() != Role.ADMIN) {
            throw ServiceException.forbidden("dead letters are records of every tenant: admin keys only");
        }
        Map<String, Object> out = new LinkedHashMap<>(deadLetters.summary().json());
        out.put("reading", deadLetters.problem() == null);
        out.put("problem", deadLetters.problem());
        return out;
    }

    static Map<String, Object> json(DatasetHistory.Sample s, Set<String> visible, boolean admin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "counts");
        out.put("at", s.at());
        Map<String, Object> datasets = new LinkedHashMap<>();
        s.datasets().forEach((name, counts) -> {
            if (visible.contains(name)) {
                datasets.put(name, counts);
            }
        });
        out.put("datasets", datasets);
        if (admin) {
            out.put("replacements", s.replacements());
            out.put("dead_letters", s.deadLetters());
        }
        return out;
    }
}
