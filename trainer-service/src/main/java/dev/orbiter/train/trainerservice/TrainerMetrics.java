package dev.orbiter.train.trainerservice;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Prometheus: {@code orbiter_trainer_jobs{state}} (jobs by their latest state, from the job view)
 * and {@code orbiter_trainer_step_seconds} (the LOCAL trainer's time per step, from the metric events).
 */
@ApplicationScoped
public class TrainerMetrics {

    private static final List<String> STATES = List.of("created", "validated", "training", "completed", "failed");

    @Inject
    MeterRegistry registry;

    @Inject
    JobService jobs;

    void start(@Observes @Priority(100) StartupEvent ev) {
        for (String state : STATES) {
            Gauge.builder("orbiter_trainer_jobs", jobs, j -> j.view().all().stream()
                    .filter(e -> e.getValue().state().equals(state)).count()).tag("state", state).register(registry);
        }
        DistributionSummary steps = DistributionSummary.builder("orbiter_trainer_step_seconds")
                .description("time per training step").register(registry);
        jobs.view().subscribe(e -> {
            if ("metric".equals(e.get("type")) && e.get("metrics") instanceof java.util.Map<?, ?> m
                    && m.get("perf/time_per_step") instanceof Number n) {
                steps.record(n.doubleValue());
            }
        });
    }
}
