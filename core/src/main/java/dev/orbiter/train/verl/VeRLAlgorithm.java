package dev.orbiter.train.verl;

import dev.orbiter.train.internal.WireValue;
import dev.orbiter.train.internal.WireValues;

/** The reinforcement-learning algorithm of a VeRL job: PPO (learned critic, GAE) or GRPO (group-relative advantages). */
public enum VeRLAlgorithm implements WireValue {
    PPO, GRPO;

    @Override
    public String toString() { return value(); }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static VeRLAlgorithm fromValue(String value) {
        return WireValues.parse(values(), VeRLAlgorithm::value, value);
    }
}
