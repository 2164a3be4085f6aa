package dev.orbiter.train.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test's own input, written so that every record is acknowledged. A bare {@code send} and
 * {@code flush} loses a refused record without a word: a CI run once curated 732 of 998 steps
 * because 266 of the test's own sends had failed, and nothing said so. Here a failed send is logged
 * with its cause and sent again (the records are the set-up, not what is tested; a duplicate step
 * is one the curation must drop anyway); one still failing after {@link #ROUNDS} rounds fails the test.
 */
public final class AckedWrites {

    /** How many times a refused record is offered before the test fails. */
    public static final int ROUNDS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(AckedWrites.class);

    private AckedWrites() {
    }

    /** Sends every record and returns once the broker has acknowledged each one. */
    public static <K, V> void sendAll(Producer<K, V> producer, List<ProducerRecord<K, V>> records) {
        List<ProducerRecord<K, V>> pending = records;
        for (int round = 1; !pending.isEmpty(); round++) {
            // a list, not a map: a test may send the same record twice on purpose (dedup tests do)
            List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
            pending.forEach(r -> acks.add(producer.send(r)));
            producer.flush();
            List<ProducerRecord<K, V>> failed = new ArrayList<>();
            Throwable cause = null;
            for (int i = 0; i < acks.size(); i++) {
                Throwable t = failure(acks.get(i));
                if (t != null) {
                    failed.add(pending.get(i));
                    cause = t;
                }
            }
            if (failed.isEmpty()) {
                return;
            }
            if (round == ROUNDS) {
                throw new AssertionError(failed.size() + " of the test's writes were refused " + ROUNDS + " times, last: "
                        + cause, cause);
            }
            LOG.warn("round {}: {} of {} writes refused ({}); sending them again", round, failed.size(), acks.size(),
                    cause.toString());
            pending = failed;
        }
    }

    private static Throwable failure(Future<RecordMetadata> ack) {
        try {
            ack.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker's acknowledgement", e);
        }
    }
}
