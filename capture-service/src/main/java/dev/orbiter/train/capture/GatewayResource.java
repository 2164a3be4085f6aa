package dev.orbiter.train.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.capture.gateway.CaptureQueue;
import dev.orbiter.train.capture.gateway.GatewayCalls;
import dev.orbiter.train.capture.gateway.StreamedAnswer;
import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.client.http.ErrorResponses;
import dev.orbiter.train.internal.Ids;
import io.smallrye.common.annotation.Blocking;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The OpenAI-compatible capture gateway: {@code POST /v1/chat/completions} (task and agent from
 * {@code X-Orbiter-Task-Id} / {@code X-Orbiter-Agent-Id}) or
 * {@code /v1/gateway/{task}/{agent}/chat/completions} (for agents that can set only a base URL),
 * and {@code GET .../models}, passed to the configured upstream. The upstream's answer goes back
 * unchanged (status, body, server-sent events as they arrive); each answered call then becomes a
 * captured call. Capture never breaks the agent: with {@code capture-failure=pass} a call Kafka
 * did not take is counted and logged, and an upstream that does not answer in time is a 504.
 */
@Path("/v1")
@Blocking
public class GatewayResource {

    static final String TASK_HEADER = "X-Orbiter-Task-Id";
    static final String AGENT_HEADER = "X-Orbiter-Agent-Id";
    private static final Logger LOG = Logger.getLogger(GatewayResource.class);

    private final TrajectoryEmitter emitter;
    private final CaptureConfig config;
    private final Caller caller;
    private final CaptureMetrics metrics;
    private final ObjectMapper mapper;
    private final GatewayCalls calls;
    // HTTP/1.1: model servers speak it; the default (HTTP/2) first tries a cleartext upgrade on each new connection.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** Sends captured calls off the request thread: a broker that is down must not hold the agent's answer. */
    private final CaptureQueue capture = new CaptureQueue(2);

    public GatewayResource(TrajectoryEmitter emitter, CaptureConfig config, Caller caller, CaptureMetrics metrics,
                           ObjectMapper mapper) {
        this.emitter = emitter;
        this.config = config;
        this.caller = caller;
        this.metrics = metrics;
        this.mapper = mapper;
        this.calls = new GatewayCalls(mapper);
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "OpenAI chat completions through the capture gateway; task and agent from X-Orbiter-* headers")
    public Response chat(byte[] body, @Context HttpHeaders headers) {
        return complete(body, headers, headers.getHeaderString(TASK_HEADER), headers.getHeaderString(AGENT_HEADER));
    }

    @POST
    @Path("/gateway/{task}/{agent}/chat/completions")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "OpenAI chat completions through the capture gateway; task and agent in the base URL")
    public Response chatIn(@PathParam("task") String task, @PathParam("agent") String agent, byte[] body,
                           @Context HttpHeaders headers) {
        return complete(body, headers, task, agent);
    }

    @GET
    @Path("/models")
    public Response models(@Context HttpHeaders headers) {
        return passGet("/models", headers);
    }

    @GET
    @Path("/gateway/{task}/{agent}/models")
    public Response modelsIn(@Context HttpHeaders headers) {
        return passGet("/models", headers);
    }

    private Response complete(byte[] body, HttpHeaders headers, String task, String agent) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        if (config.gateway().upstreamUrl().isEmpty()) {
            return ErrorResponses.unavailable("no upstream: set orbiter.capture.gateway.upstream-url", config.retryAfterSeconds());
        }
        JsonNode request = parse(body);
        boolean stream = request != null && request.path("stream").asBoolean(false);
        HttpRequest.Builder up = upstream("/chat/completions", headers)
                .header("Content-Type", "application/json").header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0] : body));
        String taskId = task == null || task.isBlank() ? "gateway-" + Ids.newId() : task; // no task named: the call is its own
        String agentId = agent == null ? "" : agent;
        String tenant = caller.tenant();
        try {
            if (!stream) {
                HttpResponse<byte[]> r = http.send(up.build(), HttpResponse.BodyHandlers.ofByteArray());
                JsonNode answer = ok(r.statusCode()) && request != null ? parse(r.body()) : null;
                if (answer != null) {
                    double latency = (System.nanoTime() - t0) / 1e6;
                    Response refused = capture(() -> calls.call(request, answer, taskId, agentId, tenant, started,
                            latency, false));
                    if (refused != null) {
                        return refused;
                    }
                }
                metrics.request("gateway", r.statusCode());
                return Response.status(r.statusCode()).type(type(r)).entity(r.body()).build();
            }
            HttpResponse<InputStream> r = http.send(up.build(), HttpResponse.BodyHandlers.ofInputStream());
            metrics.request("gateway", r.statusCode());
            if (!ok(r.statusCode())) {
                try (InputStream in = r.body()) {
                    return Response.status(r.statusCode()).type(type(r)).entity(in.readAllBytes()).build();
                }
            }
            StreamingOutput events = out -> {
                StreamedAnswer answer = new StreamedAnswer(mapper);
                byte[] buffer = new byte[8192];
                try (InputStream in = r.body()) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                        out.flush(); // each event reaches the agent as the upstream sends it
                        answer.accept(buffer, n);
                    }
                }
                double latency = (System.nanoTime() - t0) / 1e6;
                capture(() -> calls.call(request, answer.toResponse(), taskId, agentId, tenant, started, latency, true));
            };
            return Response.ok(events).type(type(r)).header("Cache-Control", "no-cache").build();
        } catch (HttpTimeoutException e) {
            metrics.request("gateway", 504);
            return ErrorResponses.of(504, "upstream timeout", "the upstream did not answer within "
                    + config.gateway().timeout().toMillis() + " ms");
        } catch (IOException e) {
            metrics.request("gateway", 502);
            return ErrorResponses.of(502, "upstream unreachable", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorResponses.of(503, "interrupted", "the gateway is shutting down");
        }
    }

    /**
     * Builds the call and writes it to Kafka, both on the capture threads, so the agent's answer
     * waits for neither. {@code pass}: in the background, a miss counted and logged, and
     * null returned at once. {@code fail}: waits for the acknowledgement and returns the 503 to
     * answer instead when there is none (a streamed answer has gone already: then only logged).
     */
    private Response capture(java.util.function.Supplier<CapturedCall> call) {
        CompletableFuture<?> sent = capture.submit(() -> emitter.emitCalls(List.of(call.get()))).whenComplete((ok, error) -> {
                    if (error != null) {
                        metrics.error("gateway", "capture_missed");
                        LOG.warnf("gateway: a call was not captured: %s", error.toString());
                    } else {
                        metrics.records("gateway", 1);
                    }
                });
        if (!"fail".equals(config.gateway().captureFailure())) {
            return null;
        }
        try {
            sent.get(config.produceTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            metrics.request("gateway", 503);
            return ErrorResponses.unavailable("the call was answered but could not be captured (capture-failure=fail): "
                    + e, config.retryAfterSeconds());
        }
    }

    private Response passGet(String path, HttpHeaders headers) {
        if (config.gateway().upstreamUrl().isEmpty()) {
            return ErrorResponses.unavailable("no upstream: set orbiter.capture.gateway.upstream-url", config.retryAfterSeconds());
        }
        try {
            HttpResponse<byte[]> r = http.send(upstream(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return Response.status(r.statusCode()).type(type(r)).entity(r.body()).build();
        } catch (HttpTimeoutException e) {
            return ErrorResponses.of(504, "upstream timeout", "the upstream did not answer in time");
        } catch (IOException e) {
            return ErrorResponses.of(502, "upstream unreachable", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorResponses.of(503, "interrupted", "the gateway is shutting down");
        }
    }

    /**
     * A request to the upstream, authorised with the configured upstream key; without one, the
     * agent's own Authorization goes through, unless it carried this service's key (then it was
     * meant for us, not the upstream).
     */
    private HttpRequest.Builder upstream(String path, HttpHeaders headers) {
        String base = config.gateway().upstreamUrl().orElseThrow().replaceAll("/+$", "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(config.gateway().timeout());
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (config.gateway().upstreamApiKey().isPresent()) {
            b.header("Authorization", "Bearer " + config.gateway().upstreamApiKey().get());
        } else if (authorization != null && (!config.auth().enabled()
                || headers.getHeaderString(dev.orbiter.train.client.auth.ApiKeyAuth.API_KEY_HEADER) != null)) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON);
    }

    private JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null; // not JSON: the upstream judges it; there is nothing to capture
        }
    }

    /**
     * Before the beans (and with them the producer) are closed: the captures of calls already
     * answered are handed to the producer, whose close waits for their acknowledgements.
     */
    void drain(@Observes ShutdownEvent event) throws InterruptedException {
        if (capture.drain(config.produceTimeout())) {
            LOG.info("gateway: every answered call handed to the producer before it closes");
        } else {
            LOG.warnf("gateway: captures still queued after %s at shutdown; they are lost", config.produceTimeout());
        }
    }
}
