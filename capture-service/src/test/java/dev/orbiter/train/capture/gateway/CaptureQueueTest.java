package dev.orbiter.train.capture.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The gateway's capture queue at shutdown: what it took is handed on before drain returns; later captures fail. */
class CaptureQueueTest {

    @Test
    void drainReturnsOnlyAfterEveryCaptureTakenBeforeItHasRun() throws Exception {
        CaptureQueue queue = new CaptureQueue(2);
        CountDownLatch producerSlow = new CountDownLatch(1);
        AtomicBoolean handedOn = new AtomicBoolean();
        CompletableFuture<String> taken = queue.submit(() -> {
            hold(producerSlow);
            handedOn.set(true);
            return CompletableFuture.completedFuture("sent");
        });
        CompletableFuture<Boolean> seenWhenDrained = new CompletableFuture<>();
        Thread shutdown = new Thread(() -> {
            try {
                boolean drained = queue.drain(Duration.ofSeconds(30));
                seenWhenDrained.complete(drained && handedOn.get());
            } catch (InterruptedException e) {
                seenWhenDrained.completeExceptionally(e);
            }
        });
        shutdown.start();
        // the queue refuses new captures once drain has begun: then the slow capture may finish
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.submit(() -> CompletableFuture.completedFuture("x"))
                .isCompletedExceptionally());

        producerSlow.countDown();
        shutdown.join();

        assertThat(seenWhenDrained.get()).isTrue();
        assertThat(taken.get()).isEqualTo("sent");
    }

    @Test
    void aCaptureAfterDrainFailsItsFutureInsteadOfThrowingOnTheRequestThread() throws Exception {
        CaptureQueue queue = new CaptureQueue(1);
        assertThat(queue.drain(Duration.ofSeconds(5))).isTrue();

        CompletableFuture<String> late = queue.submit(() -> CompletableFuture.completedFuture("never"));

        assertThat(late).isCompletedExceptionally();
        assertThat(late.handle((v, e) -> e.getMessage()).get()).contains("shutting down");
    }

    @Test
    void drainSaysSoWhenACaptureOutlastsItsTimeout() throws Exception {
        CaptureQueue queue = new CaptureQueue(1);
        CountDownLatch stuck = new CountDownLatch(1);
        queue.submit(() -> {
            hold(stuck);
            return CompletableFuture.completedFuture("late");
        });

        assertThat(queue.drain(Duration.ofMillis(200))).isFalse();
        stuck.countDown();
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
