package dev.orbiter.train.curation;

import java.time.Duration;

/**
 * How the call assembly ({@link CallAssemblyProcessor}) turns captured model calls into steps.
 *
 * @param enabled    whether the topology assembles captured calls at all; a replay turns it off, since
 *                   the steps it would write are on {@code orbiter.steps} already;
 *                   {@code orbiter.curation.calls.enabled}
 * @param closeAfter how long a task must be quiet (no new call or tool result) before its waiting
 *                   calls are numbered and written as steps. Longer than the exporters' batching
 *                   delay (the OpenTelemetry SDK's batch span processor waits up to 5 s), so the
 *                   spans of one turn arrive before it closes; {@code orbiter.curation.calls.close-after}
 * @param retention  how long a task's counters and emitted ids are kept after its last call, so a
 *                   resent span days later is still recognised; {@code orbiter.curation.calls.retention}
 */
public record CallAssemblySettings(boolean enabled, Duration closeAfter, Duration retention) {

    public CallAssemblySettings {
        if (closeAfter.isNegative() || closeAfter.isZero()) {
            throw new IllegalArgumentException("orbiter.curation.calls.close-after must be positive, got " + closeAfter);
        }
        if (retention.compareTo(closeAfter) < 0) {
            throw new IllegalArgumentException("orbiter.curation.calls.retention (" + retention
                    + ") must be at least calls.close-after (" + closeAfter + ")");
        }
    }
}
