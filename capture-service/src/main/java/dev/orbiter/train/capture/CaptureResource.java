package dev.orbiter.train.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.client.capture.TrajectoryEmitter.Emitted;
import dev.orbiter.train.client.registry.SchemaRegistryException;
import dev.orbiter.train.trajectory.TrajectoryItem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * Capture over HTTP. Every request is validated whole before anything is sent (a rejected request
 * writes nothing), and answered 202 only once Kafka acknowledged all its records, with their
 * offsets; when Kafka does not answer within {@code produce-timeout} the answer is 503 with
 * Retry-After, and the client may retry (steps carry ids; curation drops repeats).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class CaptureResource {

    private static final Logger LOG = Logger.getLogger(CaptureResource.class);

    private final TrajectoryEmitter emitter;
    private final CaptureConfig config;
    private final Caller caller;
    private final CaptureMetrics metrics;
    private final RequestValidator validator;
    private final ObjectMapper mapper;

    public CaptureResource(TrajectoryEmitter emitter, CaptureConfig config, Caller caller, CaptureMetrics metrics,
                           ObjectMapper mapper) {
        this.emitter = emitter;
        this.config = config;
        this.caller = caller;
        this.metrics = metrics;
        this.validator = new RequestValidator(mapper, config);
        this.mapper = mapper;
    }

    @POST
    @Path("/steps")
    @Operation(summary = "Capture one step (an object) or a batch (an array); fields as TrajectoryItem.toMap()")
    @APIResponse(responseCode = "202", description = "every record acknowledged by Kafka; offsets in the body")
    @APIResponse(responseCode = "400", description = "invalid body; problems lists each field and reason")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time, or the schema registry is "
            + "down before this record type's first use; retry after Retry-After")
    public CompletionStage<Response> steps(byte[] body) {
        return handle("steps", () -> {
            List<TrajectoryItem> items = validator.steps(validator.objects(body, true));
            return emitter.emitAll(items, caller.tenant());
        });
    }

    @POST
    @Path("/messages")
    @Operation(summary = "Capture raw chat messages of a task and agent; the service builds the step")
    public CompletionStage<Response> messages(byte[] body) {
        return handle("messages", () -> {
            List<ObjectNode> objects = validator.objects(body, true);
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                String at = objects.size() == 1 ? "" : "[" + i + "]";
                ObjectNode o = objects.get(i);
                validator.unknown(o, RequestValidator.MESSAGES_FIELDS, at, problems);
                RequestValidator.requiredText(o, "task_id", at, problems);
                if (o.get("messages") == null || o.get("messages").isNull()) {
                    problems.add(new Problem(RequestValidator.path(at, "messages"), "required"));
                }
                validator.types(o, at, problems);
            }
            RequestValidator.failIfAny(problems);
            List<TrajectoryItem> items = new ArrayList<>(objects.size());
            for (ObjectNode o : objects) {
                items.add(emitter.build(list(o.get("messages")), o.get("task_id").asText(),
                        o.path("agent_id").asText(""), options(o)));
            }
            return emitter.emitAll(items, caller.tenant());
        });
    }

    @POST
    @Path("/rewards")
    @Operation(summary = "Capture late rewards: by step_id, or by task_id + agent_id + step")
    public CompletionStage<Response> rewards(byte[] body) {
        return handle("rewards", () -> {
            List<RewardEvent> rewards = RewardRequests.parse(validator, validator.objects(body, true));
            List<CompletableFuture<Emitted>> sent = new ArrayList<>();
            rewards.forEach(r -> sent.add(emitter.emitReward(r, caller.tenant()).toCompletableFuture()));
            return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]))
                    .thenApply(v -> sent.stream().map(CompletableFuture::join).toList());
        });
    }

    /** Validates and sends (400 on bad input, before any send), then waits for every acknowledgement. */
    private CompletionStage<Response> handle(String endpoint, java.util.function.Supplier<CompletionStage<List<Emitted>>> work) {
        long started = System.nanoTime();
        CompletionStage<List<Emitted>> sent;
        try {
            sent = work.get();
        } catch (BadRequestException e) {
            metrics.error(endpoint, "bad_request");
            metrics.request(endpoint, 400);
            throw e;
        }
        return sent.toCompletableFuture().orTimeout(config.produceTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((records, error) -> {
                    if (error != null) {
                        throw unavailable(endpoint, error);
                    }
                    metrics.produceLatency(endpoint, Duration.ofNanos(System.nanoTime() - started));
                    metrics.records(endpoint, records.size());
                    metrics.request(endpoint, 202);
                    return Response.accepted(accepted(records)).build();
                });
    }

    /**
     * The 503 for a request whose records were not all acknowledged: Kafka timed out, Kafka
     * refused, or the schema registry could not give an id for a schema this service had not used
     * before (a cached id needs no registry, so an outage only fails first uses).
     */
    private UnavailableException unavailable(String endpoint, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String kind = cause instanceof TimeoutException ? "timeout"
                : SchemaRegistryException.isRetryable(cause) ? "registry" : "kafka";
        String reason = switch (kind) {
            case "timeout" -> "Kafka did not acknowledge within " + config.produceTimeout().toMillis() + " ms";
            case "registry" -> "the schema registry is unavailable and this record type's schema id is not cached yet: "
                    + cause.getMessage();
            default -> "Kafka refused the records: " + cause.getMessage();
        };
        LOG.warnf("capture %s: answering 503 (%s): %s", endpoint, kind, cause.toString());
        metrics.error(endpoint, kind);
        metrics.request(endpoint, 503);
        return new UnavailableException(reason, config.retryAfterSeconds(), cause);
    }

    private static Map<String, Object> accepted(List<Emitted> records) {
        List<Map<String, Object>> out = new ArrayList<>(records.size());
        for (Emitted e : records) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", e.id());
            r.put("topic", e.topic());
            r.put("partition", e.partition());
            r.put("offset", e.offset());
            out.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", records.size());
        body.put("records", out);
        return body;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(JsonNode messages) {
        List<Map<String, Object>> out = new ArrayList<>();
        messages.forEach(m -> out.add(mapper.convertValue(m, Map.class)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> options(ObjectNode o) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (o.hasNonNull("score")) {
            options.put("score", o.get("score").asDouble());
        }
        if (o.hasNonNull("status")) {
            options.put("status", o.get("status").asText());
        }
        if (o.hasNonNull("metadata")) {
            options.put("metadata", mapper.convertValue(o.get("metadata"), Map.class));
        }
        return options;
    }
}
