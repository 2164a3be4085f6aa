package dev.orbiter.train.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Prometheus metrics of capture: requests by endpoint and status, records, errors, produce latency. */
@ApplicationScoped
public class CaptureMetrics {

    private final MeterRegistry registry;

    public CaptureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String endpoint, int status) {
        Counter.builder("orbiter.capture.requests").tag("endpoint", endpoint).tag("status", Integer.toString(status))
                .description("capture requests answered").register(registry).increment();
    }

    void records(String endpoint, int count) {
        Counter.builder("orbiter.capture.records").tag("endpoint", endpoint)
                .description("records acknowledged by Kafka").register(registry).increment(count);
    }

    void error(String endpoint, String kind) {
        Counter.builder("orbiter.capture.errors").tag("endpoint", endpoint).tag("kind", kind)
                .description("rejected or failed requests").register(registry).increment();
    }

    void produceLatency(String endpoint, Duration took) {
        Timer.builder("orbiter.capture.produce").tag("endpoint", endpoint)
                .description("time from send to Kafka acknowledgement of a request's records")
                .publishPercentiles(0.5, 0.99).register(registry).record(took);
    }

    /** OTLP spans received, those without GenAI attributes (ignored) and those rejected. */
    void spans(int received, int ignored, int rejected) {
        Counter.builder("orbiter.capture.otlp.spans").tag("outcome", "received").register(registry).increment(received);
        Counter.builder("orbiter.capture.otlp.spans").tag("outcome", "ignored").register(registry).increment(ignored);
        Counter.builder("orbiter.capture.otlp.spans").tag("outcome", "rejected").register(registry).increment(rejected);
    }
}
