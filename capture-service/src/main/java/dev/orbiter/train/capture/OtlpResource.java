package dev.orbiter.train.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbiter.train.capture.otlp.GenAiSpans;
import dev.orbiter.train.capture.otlp.OtlpJson;
import dev.orbiter.train.capture.otlp.OtlpProtobuf;
import dev.orbiter.train.capture.otlp.OtlpSpan;
import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.client.capture.TrajectoryEmitter.Emitted;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The OTLP/HTTP traces endpoint ({@code POST /v1/traces}, protobuf or JSON, gzip or not): any
 * OpenTelemetry SDK or Collector exports to it with an endpoint and an API-key header. GenAI
 * spans become captured calls on {@code orbiter.captured-calls} (numbered into steps by the
 * curation) and evaluation events become rewards; the answer comes after Kafka acknowledged them,
 * with OTLP's partial success naming every span that was rejected and why. A body that does not
 * decode is a 400 (a {@code google.rpc.Status} for protobuf) and writes nothing.
 */
@Path("/v1/traces")
@Consumes(MediaType.WILDCARD)
@Blocking
public class OtlpResource {

    static final String PROTOBUF = "application/x-protobuf";
    private static final Logger LOG = Logger.getLogger(OtlpResource.class);

    private final TrajectoryEmitter emitter;
    private final CaptureConfig config;
    private final Caller caller;
    private final CaptureMetrics metrics;
    private final ObjectMapper mapper;
    private final GenAiSpans genAi;

    public OtlpResource(TrajectoryEmitter emitter, CaptureConfig config, Caller caller, CaptureMetrics metrics,
                        ObjectMapper mapper) {
        this.emitter = emitter;
        this.config = config;
        this.caller = caller;
        this.metrics = metrics;
        this.mapper = mapper;
        this.genAi = new GenAiSpans(mapper);
    }

    @POST
    @Operation(summary = "OTLP/HTTP trace export: GenAI spans become steps, evaluation events rewards")
    public Response export(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        boolean json = contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON);
        if (!json && (contentType == null || !contentType.toLowerCase().startsWith(PROTOBUF))) {
            metrics.request("traces", 415);
            return Response.status(415).type(MediaType.TEXT_PLAIN)
                    .entity("OTLP/HTTP takes " + PROTOBUF + " or " + MediaType.APPLICATION_JSON).build();
        }
        List<OtlpSpan> spans;
        try {
            byte[] raw = decompress(body, encoding);
            spans = json ? OtlpJson.spans(mapper, raw) : OtlpProtobuf.spans(raw);
        } catch (IllegalArgumentException e) {
            metrics.error("traces", "bad_request");
            metrics.request("traces", 400);
            return json ? Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(java.util.Map.of("code", 3, "message", e.getMessage())).build()
                    : Response.status(400).type(PROTOBUF).entity(OtlpProtobuf.status(e.getMessage())).build();
        }
        GenAiSpans.Mapped mapped = genAi.map(spans, caller.tenant());
        send(mapped);
        metrics.spans(spans.size(), mapped.ignored(), mapped.rejected().size());
        metrics.records("traces", mapped.calls().size() + mapped.rewards().size());
        metrics.request("traces", 200);
        String message = String.join("; ", mapped.rejected());
        long rejected = mapped.rejected().size();
        return json ? Response.ok(OtlpJson.response(rejected, message), MediaType.APPLICATION_JSON).build()
                : Response.ok(OtlpProtobuf.response(rejected, message), PROTOBUF).build();
    }

    /** Sends the calls and rewards and waits for every acknowledgement, else a 503 the exporter retries. */
    private void send(GenAiSpans.Mapped mapped) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        sent.add(emitter.emitCalls(mapped.calls()).toCompletableFuture());
        mapped.rewards().forEach(r -> sent.add(emitter.emitReward(r, r.getTenant()).toCompletableFuture()));
        try {
            CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]))
                    .get(config.produceTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warnf("traces: answering 503: %s", cause.toString());
            metrics.error("traces", cause instanceof TimeoutException ? "timeout" : "kafka");
            metrics.request("traces", 503);
            throw new UnavailableException("Kafka did not acknowledge the spans' records: " + cause.getMessage(),
                    config.retryAfterSeconds(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for Kafka", config.retryAfterSeconds(), e);
        }
    }

    /** The body, gunzipped when the exporter compressed it, never larger than {@code max-body-bytes}. */
    private byte[] decompress(byte[] body, String encoding) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("empty body");
        }
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            if (body.length > config.maxBodyBytes()) {
                throw new IllegalArgumentException("larger than " + config.maxBodyBytes() + " bytes");
            }
            return body;
        }
        if (!encoding.equalsIgnoreCase("gzip")) {
            throw new IllegalArgumentException("Content-Encoding " + encoding + " is not supported (gzip is)");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] out = in.readNBytes(config.maxBodyBytes() + 1);
            if (out.length > config.maxBodyBytes()) {
                throw new IllegalArgumentException("larger than " + config.maxBodyBytes() + " bytes once gunzipped");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("not gzip: " + e.getMessage(), e);
        }
    }
}
