package dev.orbiter.train.trainerservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the job topics have been read and while the job intake and the job view work (else: why not). */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    JobService jobs;

    @Override
    public HealthCheckResponse call() {
        String problem = jobs.problem();
        var response = HealthCheckResponse.named("trainer").status(jobs.ready());
        return (problem == null ? response : response.withData("problem", problem)).build();
    }
}
