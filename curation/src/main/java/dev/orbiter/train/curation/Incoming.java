package dev.orbiter.train.curation;

import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;

/**
 * What the decode processors hand on inside a sub-topology (never serialized): a step, a reward,
 * a captured call, or a dead letter with the original bytes and why it was rejected.
 */
public final class Incoming {

    private final TrajectoryStep step;
    private final RewardEvent reward;
    private final CapturedCall call;
    private final DeadLetter deadLetter;
    private final byte[] bytes;

    private Incoming(TrajectoryStep step, RewardEvent reward, CapturedCall call, DeadLetter deadLetter, byte[] bytes) {
        this.bytes = bytes;
        this.step = step;
        this.reward = reward;
        this.call = call;
        this.deadLetter = deadLetter;
    }

    /** A decoded record and the registry wire-format bytes it was decoded from. */
    static Incoming of(Object decoded, byte[] bytes) {
        if (decoded instanceof TrajectoryStep s) {
            return new Incoming(s, null, null, null, bytes);
        }
        if (decoded instanceof CapturedCall c) {
            return new Incoming(null, null, c, null, bytes);
        }
        return new Incoming(null, (RewardEvent) decoded, null, null, bytes);
    }

    static Incoming dead(DeadLetter letter) {
        return new Incoming(null, null, null, letter, null);
    }

    /** The bytes the record arrived in (null for a dead letter). */
    byte[] bytes() {
        return bytes;
    }

    public TrajectoryStep step() {
        return step;
    }

    public RewardEvent reward() {
        return reward;
    }

    public CapturedCall call() {
        return call;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }

    public boolean isDead() {
        return deadLetter != null;
    }
}
