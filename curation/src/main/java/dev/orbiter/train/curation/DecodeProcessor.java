package dev.orbiter.train.curation;

import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw bytes of {@code orbiter.steps} or {@code orbiter.rewards} and validates them. A
 * record that does not decode (bad bytes, unknown schema id) or fails validation becomes a
 * {@link DeadLetter}, so one poison pill never stops the topology. A registry that cannot be
 * reached is not the record's fault: the record waits for it ({@link RegistryWait}), then the
 * error is thrown and the record retried on a new stream thread; nothing is lost.
 */
final class DecodeProcessor extends ContextualProcessor<String, byte[], String, Incoming> {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

    private final Deserializer<?> deserializer;
    private final Function<Object, String> validator;
    private final String counter;
    private final String countsStore;
    private final long from;
    private final RegistryWait registryWait;
    private KeyValueStore<String, Long> counts;

    private DecodeProcessor(Deserializer<?> deserializer, Function<Object, String> validator, String counter,
                            String countsStore, CurationSettings settings) {
        this.countsStore = countsStore;
        this.from = settings.fromTimestamp();
        this.registryWait = RegistryWait.of(settings.registryWait());
        this.deserializer = deserializer;
        this.validator = validator;
        this.counter = counter;
    }

    static DecodeProcessor steps(Deserializer<TrajectoryStep> d, CurationSettings settings) {
        return new DecodeProcessor(d, v -> Validation.step((TrajectoryStep) v), Counts.DEAD_LETTER_STEPS, CurationNames.COUNTS_STORE,
                settings);
    }

    static DecodeProcessor rewards(Deserializer<RewardEvent> d, CurationSettings settings) {
        return new DecodeProcessor(d, v -> Validation.reward((RewardEvent) v), Counts.DEAD_LETTER_REWARDS, CurationNames.COUNTS_STORE,
                settings);
    }

    /** Captured calls, counted in the call assembly's own store (a shared store would merge the sub-topologies). */
    static DecodeProcessor calls(Deserializer<CapturedCall> d, CurationSettings settings) {
        return new DecodeProcessor(d, v -> Validation.call((CapturedCall) v), Counts.DEAD_LETTER_CALLS,
                CurationNames.CALL_COUNTS_STORE, settings);
    }

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, Incoming> context) {
        super.init(context);
        counts = context.getStateStore(countsStore);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.timestamp() < from) {
            return; // a replay from a moment: older records are not part of it
        }
        RecordMetadata m = context().recordMetadata().orElseThrow();
        Object decoded;
        try {
            decoded = registryWait.call(() -> deserializer.deserialize(m.topic(), record.headers(), record.value()),
                    () -> "cannot decode " + m.topic() + "-" + m.partition() + "@" + m.offset() + " key=" + record.key());
        } catch (RegistryUnavailableException e) {
            throw e; // not a poison pill: the stream thread is replaced and the record retried once the registry answers
        } catch (RuntimeException e) {
            dead(record, m, "does not deserialize", e);
            return;
        }
        if (decoded == null) {
            dead(record, m, "null value", null);
            return;
        }
        String problem = validator.apply(decoded);
        if (problem != null) {
            dead(record, m, "invalid: " + problem, null);
            return;
        }
        context().forward(record.withValue(Incoming.of(decoded, record.value())));
    }

    private void dead(Record<String, byte[]> record, RecordMetadata m, String reason, Throwable e) {
        LOG.warn("dead letter from {}-{}@{} key={}: {}{}", m.topic(), m.partition(), m.offset(), record.key(), reason,
                e == null ? "" : " (" + e + ")");
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        Counts.add(counts, counter, 1);
        PlacementProcessor.Origin o = PlacementProcessor.origin(record.headers(), m); // a moved record: where it was first read
        context().forward(record.withValue(Incoming.dead(new DeadLetter(key, record.value(), record.headers(), reason, e,
                o.topic(), o.partition(), o.offset()))));
    }
}
