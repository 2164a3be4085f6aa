package dev.orbiter.train.curation;

import dev.orbiter.train.avro.TrajectoryStep;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A step held by the reward join: the step (with its score so far), when its wait for a reward
 * ends (0 once it has been emitted), whether a reward was applied, and when it arrived (its
 * expiry is counted from there, wall clock) and the Kafka timestamp of its record (what its
 * emissions carry: a step's own timestamp may be skewed past what the broker accepts).
 */
record StoredStep(TrajectoryStep step, long deadline, boolean rewarded, long arrival, long recordTime) {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 8 + 8 + 8 + 1;

    boolean emitted() {
        return deadline == 0;
    }

    StoredStep emittedNow(TrajectoryStep emittedStep) {
        return new StoredStep(emittedStep, 0, rewarded, arrival, recordTime);
    }

    /** A serde that frames the step's own (registry wire-format) bytes with the join's fields. */
    static Serde<StoredStep> serde(Serde<TrajectoryStep> steps) {
        Serializer<TrajectoryStep> ser = steps.serializer();
        Deserializer<TrajectoryStep> de = steps.deserializer();
        Serializer<StoredStep> s = (topic, v) -> {
            if (v == null) {
                return null;
            }
            byte[] body = ser.serialize(topic, v.step());
            return ByteBuffer.allocate(HEADER + body.length).put(VERSION).putLong(v.deadline()).putLong(v.arrival()).putLong(v.recordTime())
                    .put((byte) (v.rewarded() ? 1 : 0)).put(body).array();
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
            TrajectoryStep step = de.deserialize(topic, Arrays.copyOfRange(bytes, HEADER, bytes.length));
            return new StoredStep(step, deadline, rewarded, arrival, recordTime);
        };
        return Serdes.serdeFrom(s, d);
    }
}
