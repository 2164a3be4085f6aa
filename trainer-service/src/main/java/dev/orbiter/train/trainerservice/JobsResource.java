package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.http.ServiceException;
import dev.orbiter.train.client.http.ErrorResponses;
import dev.orbiter.train.client.http.Problem;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.TrainingMetric;
import dev.orbiter.train.client.auth.Access;
import dev.orbiter.train.client.auth.Role;
import dev.orbiter.train.trainerservice.jobs.AvroJson;
import dev.orbiter.train.trainerservice.jobs.JobValidation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Jobs over REST: submit (an event on the jobs topic, answered after Kafka acknowledged it), list, inspect, cancel. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Inject
    TrainerKafka kafka;

    @Inject
    JobService jobs;

    @Inject
    ObjectMapper json;

    @Inject
    TrainerConfig config;

    @Inject
    Caller caller;

    @POST
    public Response submit(byte[] body) throws InterruptedException {
        List<Problem> problems = new ArrayList<>();
        TrainingJob job = parse(body, problems);
        if (job != null) {
            problems.addAll(JobValidation.problems(job));
            String endpoint = problems.isEmpty() ? jobs.missingRewardEndpoint(job) : null;
            if (endpoint != null) {
                problems.add(new Problem("config.verl.backend", endpoint.substring(endpoint.indexOf(": ") + 2)));
            }
            if (problems.isEmpty() && !datasetExists(job.getDataset())) {
                problems.add(new Problem("dataset", "no dataset topic " + kafka.topics().dataset(job.getDataset())
                        .name()));
            }
        }
        if (!problems.isEmpty()) {
            return Problems.badRequest(problems);
        }
        try {
            kafka.producer().send(new ProducerRecord<>(kafka.topics().trainingJobs().name(), job.getJobId(), job))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ServiceException.unavailable("Kafka did not acknowledge the job: " + e.getMessage(), config.retryAfterSeconds(), e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.getJobId());
        out.put("state", "submitted");
        out.put("status_url", "/v1/jobs/" + job.getJobId());
        return Response.accepted(out).location(URI.create("/v1/jobs/" + job.getJobId())).build();
    }

    @GET
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        Access access = caller.access();
        jobs.view().all().stream().filter(e -> access.sees(e.getValue().tenant()))
                .forEach(e -> out.add(EventJson.job(e.getKey(), e.getValue())));
        out.sort(Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("submitted_at"))).reversed());
        return out;
    }

    @GET
    @Path("{id}")
    public Map<String, Object> one(@PathParam("id") String id) {
        JobView.Job j = known(id);
        Map<String, Object> out = EventJson.job(id, j);
        List<Map<String, Object>> statuses = new ArrayList<>();
        j.statuses().forEach(s -> statuses.add(EventJson.status(s)));
        out.put("statuses", statuses);
        List<TrainingMetric> metrics = j.metrics();
        out.put("metric_events", metrics.size());
        metrics.stream().filter(m -> !m.getPhase().equals("train")).forEach(m ->
                out.put(m.getPhase() + "_metrics", m.getMetrics()));
        return out;
    }

    @GET
    @Path("{id}/metrics")
    public List<Map<String, Object>> metrics(@PathParam("id") String id) {
        List<Map<String, Object>> out = new ArrayList<>();
        known(id).metrics().forEach(m -> out.add(EventJson.metric(m)));
        return out;
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        known(id);
        if (jobs.cancel(id)) {
            return Response.accepted(Map.of("job_id", id, "cancelling", true)).build();
        }
        String refused = jobs.requestCancel(id); // another instance runs it, or none has taken it yet
        if (refused == null) {
            return Response.accepted(Map.of("job_id", id, "cancelling", true)).build();
        }
        return ErrorResponses.of(409, "conflict", refused);
    }

    /** Whether the dataset's topic exists: checked at the edge, so a typo is a 400, not a failed job. */
    private boolean datasetExists(String dataset) throws InterruptedException {
        try {
            return kafka.admin().listTopics().names().get(10, TimeUnit.SECONDS)
                    .contains(kafka.topics().dataset(dataset).name());
        } catch (ExecutionException | TimeoutException e) {
            throw ServiceException.unavailable("cannot list topics: " + e.getMessage(), config.retryAfterSeconds(), e);
        }
    }

    /** The job, if the caller sees it: another tenant's job is not found, exactly like a job that does not exist. */
    private JobView.Job known(String id) {
        JobView.Job j = jobs.view().job(id);
        if (j == null || !caller.access().sees(j.tenant())) {
            throw ServiceException.notFound("no job " + id);
        }
        return j;
    }

    private TrainingJob parse(byte[] body, List<Problem> problems) {
        Object tree;
        try {
            tree = json.readValue(body, Object.class);
        } catch (IOException e) {
            problems.add(new Problem("body", "not JSON: " + e.getMessage()));
            return null;
        }
        if (!(tree instanceof Map<?, ?> map)) {
            problems.add(new Problem("body", "must be a JSON object"));
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(String.valueOf(k), v));
        if (m.containsKey("submitted_at") || m.containsKey("tenant")) {
            problems.add(new Problem("submitted_at/tenant", "set by the service"));
            return null;
        }
        m.putIfAbsent("job_id", "job-" + ID_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6));
        m.put("submitted_at", System.currentTimeMillis());
        // the key's tenant: what every read of the job and the data it trains on are checked against; an
        // admin's job is no tenant's (admins see it, and it may train on any tenant's steps)
        Access access = caller.access();
        m.put("tenant", access.role() == Role.ADMIN ? null : access.tenant());
        GenericRecord r = AvroJson.record(TrainingJob.getClassSchema(), m, "", problems);
        if (!problems.isEmpty()) {
            return null;
        }
        // no Builder copy: it deep-copies nested records through the generated model's class loader,
        // which in Quarkus dev and test mode is not the loader of the classes
        return Specific.of(r, TrainingJob.class);
    }
}
