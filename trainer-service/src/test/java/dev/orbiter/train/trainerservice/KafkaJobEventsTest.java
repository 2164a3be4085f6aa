package dev.orbiter.train.trainerservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.Vetoed;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A metric event the producer gives up on is sent again, and once every attempt failed the job's
 * next event fails the job with the reason. Kafka's own MockProducer stands for a broker that
 * refuses (it completes each send with the error given).
 */
class KafkaJobEventsTest {

    /**
     * The service's clients, with the producer replaced (nothing here connects to anything); vetoed,
     * since it inherits the bean scope and the Quarkus tests of this module would find two TrainerKafka beans.
     */
    @Vetoed
    static final class Refusing extends TrainerKafka {
        final MockProducer<String, SpecificRecordBase> mock = new MockProducer<>(false, null, new StringSerializer(),
                (topic, value) -> new byte[0]);

        Refusing() {
            super("127.0.0.1:1", "http://127.0.0.1:1", new SmallRyeConfigBuilder().build());
        }

        @Override
        public Producer<String, SpecificRecordBase> producer() {
            return mock;
        }

        /** Closes the real clients the constructor made too. */
        void closeAll() {
            super.producer().close(Duration.ofSeconds(1));
            admin().close(Duration.ofSeconds(1));
        }
    }

    @Test
    void givenMetricSendsThatKeepFailing_whenRetriesRunOut_thenTheJobsNextEventFailsWithTheReason() {
        Refusing kafka = new Refusing();
        try {
            KafkaJobEvents events = new KafkaJobEvents("job-1", "verl", kafka, "training", -1, () -> false, "test");
            events.metrics("train", 1, 0, Map.of("loss", 0.5));
            for (int attempt = 1; attempt <= KafkaJobEvents.METRIC_ATTEMPTS; attempt++) {
                int sent = attempt;
                await().atMost(Duration.ofSeconds(5)).until(() -> kafka.mock.history().size() >= sent);
                assertThat(kafka.mock.errorNext(new TimeoutException("delivery timed out"))).isTrue();
            }

            assertThat(kafka.mock.history()).hasSize(KafkaJobEvents.METRIC_ATTEMPTS);
            assertThatThrownBy(() -> events.metrics("train", 2, 0, Map.of("loss", 0.4)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("train step 1 could not be written after 3 attempts")
                    .hasMessageContaining("delivery timed out");
        } finally {
            kafka.closeAll();
        }
    }

    @Test
    void givenAMetricSendThatFailsOnce_whenSentAgainSuccessfully_thenTheJobGoesOn() {
        Refusing kafka = new Refusing();
        try {
            KafkaJobEvents events = new KafkaJobEvents("job-2", "verl", kafka, "training", -1, () -> false, "test");
            events.metrics("train", 1, 0, Map.of("loss", 0.5));
            await().atMost(Duration.ofSeconds(5)).until(() -> kafka.mock.history().size() == 1);
            kafka.mock.errorNext(new TimeoutException("delivery timed out"));
            await().atMost(Duration.ofSeconds(5)).until(() -> kafka.mock.history().size() == 2);
            kafka.mock.completeNext();

            events.metrics("train", 2, 0, Map.of("loss", 0.4)); // does not throw

            assertThat(kafka.mock.history()).extracting(r -> r.topic()).containsOnly("orbiter.training.metrics");
        } finally {
            kafka.closeAll();
        }
    }
}
