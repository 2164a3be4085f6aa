package dev.orbiter.train.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
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
    private final CaptureRequests requests;
    private final JsonFactory json;

    public CaptureResource(TrajectoryEmitter emitter, CaptureConfig config, Caller caller, CaptureMetrics metrics,
                           ObjectMapper mapper) {
        this.emitter = emitter;
        this.config = config;
        this.caller = caller;
        this.metrics = metrics;
        this.requests = new CaptureRequests(mapper, config);
        this.json = mapper.getFactory();
    }

    @POST
    @Path("/steps")
    @Operation(summary = "Capture one step (an object) or a batch (an array); fields as TrajectoryItem.toMap()")
    @APIResponse(responseCode = "202", description = "every record acknowledged by Kafka; offsets in the body")
    @APIResponse(responseCode = "400", description = "invalid body; problems lists each field and reason")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time, or the schema registry is "
            + "down before this record type's first use; retry after Retry-After")
    public CompletionStage<Response> steps(byte[] body) {
        return handle("steps", () -> emitter.emitAll(requests.steps(body), caller.tenant()));
    }

    @POST
    @Path("/messages")
    @Operation(summary = "Capture raw chat messages of a task and agent; the service builds the step. With the "
            + "client's step counter it is a step at once; without, the curation numbers the task's calls in the order "
            + "they arrived (at any replica) once the task is quiet")
    public CompletionStage<Response> messages(byte[] body) {
        return handle("messages", () -> {
            List<CompletableFuture<Emitted>> sent = new ArrayList<>();
            for (CaptureRequests.MessagesRequest m : requests.messages(body)) {
                sent.add(MessagesCapture.send(emitter, m, caller.tenant()).toCompletableFuture());
            }
            return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]))
                    .thenApply(v -> sent.stream().map(CompletableFuture::join).toList());
        });
    }

    @POST
    @Path("/rewards")
    @Operation(summary = "Capture late rewards: by step_id, or by task_id + agent_id + step")
    public CompletionStage<Response> rewards(byte[] body) {
        return handle("rewards", () -> {
            List<CompletableFuture<Emitted>> sent = new ArrayList<>();
            requests.rewards(body).forEach(r -> sent.add(emitter.emitReward(r, caller.tenant()).toCompletableFuture()));
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
                    return Response.accepted(accepted(records)).type(MediaType.APPLICATION_JSON_TYPE).build();
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

    /**
     * The 202's body, {@code {"accepted": n, "records": [{"id", "topic", "partition", "offset"}, ...]}},
     * written with the streaming generator: a map per record for the JSON writer cost about a
     * twentieth of the service's CPU on batches of 1000.
     */
    private byte[] accepted(List<Emitted> records) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 + records.size() * 96);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("accepted", records.size());
            g.writeArrayFieldStart("records");
            for (Emitted e : records) {
                g.writeStartObject();
                g.writeStringField("id", e.id());
                g.writeStringField("topic", e.topic());
                g.writeNumberField("partition", e.partition());
                g.writeNumberField("offset", e.offset());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

}
