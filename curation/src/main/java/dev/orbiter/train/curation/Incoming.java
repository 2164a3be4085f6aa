package dev.orbiter.train.curation;

import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;

/**
 * What the decode processors hand on inside the first sub-topology (never serialized): a step,
 * a reward, or a dead letter with the original bytes and why it was rejected.
 */
public final class Incoming {

    private final TrajectoryStep step;
    private final RewardEvent reward;
    private final DeadLetter deadLetter;

    private Incoming(TrajectoryStep step, RewardEvent reward, DeadLetter deadLetter) {
        this.step = step;
        this.reward = reward;
        this.deadLetter = deadLetter;
    }

    static Incoming of(Object decoded) {
        if (decoded instanceof TrajectoryStep s) {
            return new Incoming(s, null, null);
        }
        return new Incoming(null, (RewardEvent) decoded, null);
    }

    static Incoming dead(DeadLetter letter) {
        return new Incoming(null, null, letter);
    }

    public TrajectoryStep step() {
        return step;
    }

    public RewardEvent reward() {
        return reward;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }

    public boolean isDead() {
        return deadLetter != null;
    }
}
