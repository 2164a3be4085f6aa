package dev.orbiter.train.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class AckedWritesTest {

    private static final List<ProducerRecord<String, String>> RECORDS = IntStream.range(0, 10)
            .mapToObj(i -> new ProducerRecord<>("steps", "k" + i, "v" + i)).toList();

    @Test
    void givenSomeSendsRefusedTwice_whenSendingAll_thenEachRecordIsWrittenOnce() {
        RefusingProducer p = new RefusingProducer((value, attempt) -> attempt <= 2 && (value.endsWith("3") || value.endsWith("7")));

        AckedWrites.sendAll(p, RECORDS);

        assertThat(p.history()).extracting(ProducerRecord::value)
                .containsExactlyInAnyOrderElementsOf(RECORDS.stream().map(ProducerRecord::value).toList());
    }

    @Test
    void givenASendAlwaysRefused_whenSendingAll_thenTheTestFailsWithTheBrokersReason() {
        RefusingProducer p = new RefusingProducer((value, attempt) -> value.equals("v5"));

        assertThatThrownBy(() -> AckedWrites.sendAll(p, RECORDS)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 of the test's writes were refused " + AckedWrites.ROUNDS + " times")
                .hasCauseInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(p.attempts.get("v5")).isEqualTo(AckedWrites.ROUNDS);
        assertThat(p.history()).hasSize(RECORDS.size() - 1);
    }

    @Test
    void givenTheSameRecordTwice_whenSendingAll_thenItIsWrittenTwice() {
        RefusingProducer p = new RefusingProducer((value, attempt) -> attempt == 1);
        ProducerRecord<String, String> twice = RECORDS.get(0);

        AckedWrites.sendAll(p, List.of(twice, twice));

        assertThat(p.history()).containsExactly(twice, twice);
    }

    /** Kafka's own producer double, refusing the sends that {@code refuse(value, attempt)} picks. */
    private static final class RefusingProducer extends MockProducer<String, String> {
        private final BiPredicate<String, Integer> refuse;
        private final Map<String, Integer> attempts = new HashMap<>();

        RefusingProducer(BiPredicate<String, Integer> refuse) {
            super(true, null, new StringSerializer(), new StringSerializer());
            this.refuse = refuse;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> r) {
            int attempt = attempts.merge(r.value(), 1, Integer::sum);
            return refuse.test(r.value(), attempt) ? CompletableFuture.failedFuture(new NotLeaderOrFollowerException("refused"))
                    : super.send(r);
        }
    }
}
