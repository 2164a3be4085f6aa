package dev.orbiter.train.trainerservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the job topics have been read and the job intake runs. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    JobService jobs;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("trainer").status(jobs.ready()).build();
    }
}
