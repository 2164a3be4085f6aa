package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.http.ErrorResponses;
import dev.orbiter.train.client.http.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.launcher.RewardBridge;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The reward endpoint of the VERL backend's Python bridge: VeRL's {@code compute_score} posts a
 * solution with its job id; the running job's reward specs score it.
 */
@Path(RewardScoreResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RewardScoreResource {

    static final String PATH = "/v1/rewards/score";

    @Inject
    JobService jobs;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    @POST
    public Response score(byte[] body) {
        String jobId;
        try {
            JsonNode req = json.readTree(body);
            jobId = req == null ? null : req.path("job_id").asText(null);
        } catch (IOException e) {
            return Problems.badRequest(List.of(new Problem("body", "not JSON: " + e.getMessage())));
        }
        if (jobId == null) {
            return Problems.badRequest(List.of(new Problem("job_id", "required string")));
        }
        JobView.Job job = jobs.view().job(jobId);
        RewardFunction reward = job != null && caller.access().sees(job.tenant()) ? jobs.rewardOf(jobId) : null;
        if (reward == null) {
            return ErrorResponses.notFound("job " + jobId
                    + " is not running here or has no reward specs");
        }
        try {
            return Response.ok(Map.of("score", RewardBridge.score(body, reward))).build();
        } catch (IllegalArgumentException e) {
            return Problems.badRequest(List.of(new Problem("body", e.getMessage())));
        }
    }
}
