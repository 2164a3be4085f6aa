package dev.orbiter.train.streamprocessor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while the dead-letter view cannot read its topic: a thread that stopped working shows. */
@Readiness
@ApplicationScoped
public class DeadLetterViewReadiness implements HealthCheck {

    @Inject
    DeadLetterView view;

    @Override
    public HealthCheckResponse call() {
        String problem = view.problem();
        return HealthCheckResponse.named("dead-letter-view").status(problem == null)
                .withData("problem", problem == null ? "none" : problem).build();
    }
}
