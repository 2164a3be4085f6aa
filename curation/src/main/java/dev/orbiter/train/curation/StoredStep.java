package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A step held by the reward join: the step (as it arrived, or with the rewards applied so far),
 * when its wait for a reward ends (0 once it has been emitted), whether a reward was applied, and
 * when it arrived (its expiry is counted from there, wall clock) and the Kafka timestamp of its
 * record (what its emissions carry: a step's own timestamp may be skewed past what the broker
 * accepts).
 *
 * <p>The step is kept in its registry wire-format bytes. A step that arrived and was not changed
 * here keeps the bytes it arrived with, so holding it costs no Avro encoding; the step object is
 * decoded from them only when it is needed again (a late reward, a release after the wait, the
 * sweep). What an emission adds (the own or fallback score, {@code reward_source}) is derived
 * from the held step each time it is emitted, so it is not stored.
 */
final class StoredStep {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 8 + 8 + 8 + 1;

    private final byte[] body;
    private final Function<byte[], TrajectoryStep> decoder;
    private TrajectoryStep step;
    private final long deadline;
    private final boolean rewarded;
    private final long arrival;
    private final long recordTime;

    private StoredStep(byte[] body, Function<byte[], TrajectoryStep> decoder, TrajectoryStep step, long deadline,
                       boolean rewarded, long arrival, long recordTime) {
        this.body = body;
        this.decoder = decoder;
        this.step = step;
        this.deadline = deadline;
        this.rewarded = rewarded;
        this.arrival = arrival;
        this.recordTime = recordTime;
    }

    /** A step as it arrived, with the bytes it arrived in (stored as they are). */
    static StoredStep arrived(TrajectoryStep step, byte[] body, long deadline, long arrival, long recordTime) {
        return new StoredStep(body, null, step, deadline, false, arrival, recordTime);
    }

    /** A step changed by the join (a reward applied): encoded when it is stored. */
    static StoredStep changed(TrajectoryStep step, long deadline, boolean rewarded, long arrival, long recordTime) {
        return new StoredStep(null, null, step, deadline, rewarded, arrival, recordTime);
    }

    TrajectoryStep step() {
        if (step == null) {
            step = decoder.apply(body);
        }
        return step;
    }

    long deadline() {
        return deadline;
    }

    boolean rewarded() {
        return rewarded;
    }

    long arrival() {
        return arrival;
    }

    long recordTime() {
        return recordTime;
    }

    boolean emitted() {
        return deadline == 0;
    }

    /** The same step, marked as emitted (its bytes, if any, are kept). */
    StoredStep emittedNow() {
        return new StoredStep(body, decoder, step, 0, rewarded, arrival, recordTime);
    }

    /** A serde that frames the step's registry wire-format bytes with the join's fields. */
    static Serde<StoredStep> serde(Serde<TrajectoryStep> steps) {
        Serializer<TrajectoryStep> ser = steps.serializer();
        Deserializer<TrajectoryStep> de = steps.deserializer();
        Serializer<StoredStep> s = (topic, v) -> {
            if (v == null) {
                return null;
            }
            byte[] body = v.body != null ? v.body : ser.serialize(topic, v.step);
            return ByteBuffer.allocate(HEADER + body.length).put(VERSION).putLong(v.deadline).putLong(v.arrival)
                    .putLong(v.recordTime).put((byte) (v.rewarded ? 1 : 0)).put(body).array();
        };
        Deserializer<StoredStep> d = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte version = b.get();
            if (version != VERSION) {
                throw new IllegalStateException("unknown stored-step version " + version + " in " + topic);
            }
            long deadline = b.getLong();
            long arrival = b.getLong();
            long recordTime = b.getLong();
            boolean rewarded = b.get() == 1;
            byte[] body = Arrays.copyOfRange(bytes, HEADER, bytes.length);
            return new StoredStep(body, raw -> de.deserialize(topic, raw), null, deadline, rewarded, arrival, recordTime);
        };
        return Serdes.serdeFrom(s, d);
    }
}
