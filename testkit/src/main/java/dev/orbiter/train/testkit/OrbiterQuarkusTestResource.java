package dev.orbiter.train.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points the application under test at the shared broker and registry
 * ({@code @QuarkusTestResource(OrbiterQuarkusTestResource.class)} or {@code @WithTestResource}).
 * The stack outlives the application: it is shared by the whole test JVM and stopped at its end.
 */
public final class OrbiterQuarkusTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return OrbiterTestStack.get().quarkusConfig();
    }

    @Override
    public void stop() {
        // shared with other test classes; the stack's shutdown hook stops it at JVM exit
    }
}
