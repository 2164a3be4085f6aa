package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.client.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacingHandlerTest {

    @Test
    void givenARegistryOutageDeepInTheCauseChain_whenTheThreadFails_thenItIsReplacedAndCountedAsAnOutage() {
        ThreadReplacingHandler handler = new ThreadReplacingHandler(Duration.ofMillis(1));
        StreamsException failure = new StreamsException("Exception caught in process. taskId=0_1",
                new RegistryUnavailableException("cannot decode orbiter.steps-1@7 key=t",
                        new SchemaRegistryException("schema registry http://127.0.0.1:1 unreachable", null)));

        assertThat(handler.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.replaced()).isEqualTo(1);
        assertThat(handler.registryOutages()).isEqualTo(1);
        assertThat(handler.otherFailures()).isZero();
    }

    @Test
    void givenAnyOtherFailure_whenTheThreadFails_thenItIsReplacedButNotCountedAsAnOutage() {
        ThreadReplacingHandler handler = ThreadReplacingHandler.fromConfig(Map.of(
                ThreadReplacingHandler.REGISTRY_RETRY_BACKOFF, "10ms"));

        assertThat(handler.handle(new StreamsException(new IllegalStateException("bug"))))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.replaced()).isEqualTo(1);
        assertThat(handler.registryOutages()).isZero();
        assertThat(handler.otherFailures()).isEqualTo(1);
    }

    @Test
    void aRegistryAnswerOfNotFoundIsTheRecordsFaultWhileEveryOtherRegistryFailureIsRetryable() {
        assertThat(SchemaRegistryException.isRetryable(new StreamsException(
                new SchemaRegistryException(404, 40403, "GET /schemas/ids/99: not found")))).isFalse();
        assertThat(SchemaRegistryException.isRetryable(new SchemaRegistryException(503, 503, "busy"))).isTrue();
        assertThat(SchemaRegistryException.isRetryable(new SchemaRegistryException("unreachable", null))).isTrue();
        assertThat(SchemaRegistryException.isRetryable(new IllegalArgumentException("bad bytes"))).isFalse();
    }
}
