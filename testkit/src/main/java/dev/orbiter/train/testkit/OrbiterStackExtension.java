package dev.orbiter.train.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test class the shared {@link OrbiterTestStack} (a real broker
 * and a real registry): {@code @ExtendWith(OrbiterStackExtension.class)}, then take an
 * {@code OrbiterTestStack} parameter. The stack is closed when the whole test run ends.
 */
public final class OrbiterStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OrbiterStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OrbiterTestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    private static OrbiterTestStack stack(ExtensionContext context) {
        // The root store closes its resources once, after the last test of the run.
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent("stack", k -> new StackResource(OrbiterTestStack.get()), StackResource.class)
                .stack;
    }

    /** Closes the shared stack at the end of the run. */
    private static final class StackResource implements ExtensionContext.Store.CloseableResource {
        private final OrbiterTestStack stack;

        StackResource(OrbiterTestStack stack) {
            this.stack = stack;
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
