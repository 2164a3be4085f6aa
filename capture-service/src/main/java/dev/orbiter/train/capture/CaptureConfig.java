package dev.orbiter.train.capture;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The capture service's settings ({@code orbiter.capture.*}; env {@code ORBITER_CAPTURE_*}). */
@ConfigMapping(prefix = "orbiter.capture")
public interface CaptureConfig {

    /** Most steps in one request. */
    @WithDefault("1000")
    int maxBatchSize();

    /** Largest request body, in bytes; larger bodies get a 400 naming the limit. */
    @WithDefault("5242880")
    int maxBodyBytes();

    /** Unknown JSON fields: {@code reject} (400) or {@code ignore}. */
    @WithDefault("reject")
    String unknownFields();

    /** How long to wait for Kafka to acknowledge a request's records before answering 503. */
    @WithDefault("10s")
    Duration produceTimeout();

    /** The Retry-After of a 503, in seconds. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** The {@code source} stamped on steps captured over HTTP. */
    @WithDefault("http")
    String source();

    /** Authentication. */
    Auth auth();

    /** The OpenAI-compatible capture gateway ({@code /v1/chat/completions}). */
    Gateway gateway();

    /** Extra Kafka producer settings, passed through. */
    Map<String, String> producer();

    /** API keys and bearer tokens, each bound to a tenant. */
    interface Auth {

        /** Off only in the local dev profile. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Keys as {@code <tenant>:<sha256 hex of the key>} (hashed at rest; make one with
         * {@code printf %s "$KEY" | sha256sum}). Sent as {@code X-API-Key: <key>} or
         * {@code Authorization: Bearer <key>}.
         */
        Optional<List<String>> keys();
    }

    /** The gateway in front of an OpenAI-compatible server: the agent changes only its base URL. */
    interface Gateway {

        /** The upstream's base URL, e.g. {@code http://vllm:8000/v1}; without it the gateway answers 503. */
        Optional<String> upstreamUrl();

        /** The key sent to the upstream as a bearer token (from a secret: {@code ORBITER_CAPTURE_GATEWAY_UPSTREAM_API_KEY}). */
        Optional<String> upstreamApiKey();

        /** How long the upstream may take to start answering before the agent gets a 504. */
        @WithDefault("120s")
        Duration timeout();

        /**
         * When a call cannot be written to Kafka: {@code pass} answers the agent anyway (the miss is
         * counted and logged), {@code fail} answers 503.
         */
        @WithDefault("pass")
        String captureFailure();
    }
}
