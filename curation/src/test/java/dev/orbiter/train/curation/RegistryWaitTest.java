package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.client.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RegistryWaitTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Long> pauses = new ArrayList<>();
    private final RegistryWait wait = new RegistryWait(Duration.ofSeconds(5), now::get, millis -> {
        pauses.add(millis);
        now.addAndGet(millis);
    });

    @Test
    void givenARegistryBackWithinTheWait_whenARecordNeedsIt_thenTheCallSucceedsAfterGrowingPauses() {
        AtomicInteger calls = new AtomicInteger();

        String value = wait.call(() -> {
            if (calls.incrementAndGet() <= 4) {
                throw unreachable();
            }
            return "decoded";
        }, () -> "orbiter.steps-0@1");

        assertThat(value).isEqualTo("decoded");
        assertThat(pauses).containsExactly(100L, 200L, 400L, 500L);
    }

    @Test
    void givenARegistryDownForLongerThanTheWait_whenARecordNeedsIt_thenItFailsNamingTheRecordAfterTheWait() {
        assertThatThrownBy(() -> wait.call(() -> {
            throw unreachable();
        }, () -> "cannot decode orbiter.steps-2@40 key=t"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("schema registry unavailable: cannot decode orbiter.steps-2@40 key=t")
                .hasMessageContaining("unreachable");
        assertThat(now.get()).as("waited exactly the configured 5 s").isEqualTo(5_000);
    }

    @Test
    void anUnknownSchemaIdOrBadBytesFailAtOnceForTheDeadLetterQueue() {
        SerializationException badBytes = new SerializationException("unknown magic byte");
        assertThatThrownBy(() -> wait.call(() -> {
            throw badBytes;
        }, () -> "x")).isSameAs(badBytes);
        SerializationException unknownId = new SerializationException("no schema 99",
                new SchemaRegistryException(404, 40403, "GET /schemas/ids/99: not found"));
        assertThatThrownBy(() -> wait.call(() -> {
            throw unknownId;
        }, () -> "x")).isSameAs(unknownId);
        assertThat(pauses).isEmpty();
    }

    /** What the deserializer throws when the registry cannot be reached (its message carries the cause's). */
    private static SerializationException unreachable() {
        SchemaRegistryException cause = new SchemaRegistryException(
                "schema registry http://127.0.0.1:1 unreachable for GET /schemas/ids/7", null);
        return new SerializationException("cannot decode a record with schema id 7: " + cause.getMessage(), cause);
    }
}
