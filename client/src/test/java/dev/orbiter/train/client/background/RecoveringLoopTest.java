package dev.orbiter.train.client.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecoveringLoopTest {

    @Test
    void givenARoundThatFails_thenTheLoopReportsItKeepsRunning_andClearsItOnceARoundSucceeds() {
        AtomicBoolean broken = new AtomicBoolean(true);
        AtomicInteger good = new AtomicInteger();
        RecoveringLoop loop = new RecoveringLoop("test-loop", () -> {
            if (broken.get()) {
                throw new IllegalStateException("broker unreachable");
            }
            good.incrementAndGet();
        }, Duration.ofMillis(10), Duration.ofMillis(40));
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> loop.failures() >= 3);
            assertThat(loop.alive()).isTrue();
            assertThat(loop.problem()).startsWith("test-loop failing since ").endsWith("broker unreachable");

            broken.set(false);

            await().atMost(Duration.ofSeconds(10)).until(() -> loop.problem() == null && good.get() > 0);
            assertThat(loop.alive()).isTrue();
        } finally {
            loop.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !loop.alive());
    }

    @Test
    void givenALoopWaitingOutABackoff_whenClosed_thenItEndsAtOnceAndClosesItsBody() {
        AtomicBoolean closed = new AtomicBoolean();
        RecoveringLoop loop = new RecoveringLoop("slow-backoff", new RecoveringLoop.Body() {
            @Override
            public void round() {
                throw new IllegalStateException("down");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }, Duration.ofMinutes(10), Duration.ofMinutes(10));
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.failures() == 1);

        loop.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> !loop.alive());
        assertThat(closed).isTrue();
    }
}
