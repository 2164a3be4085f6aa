package dev.orbiter.train.evolution;

import dev.orbiter.train.internal.WireValue;
import dev.orbiter.train.internal.WireValues;

/** The state of an evolution pipeline: IDLE until run, RUNNING, then COMPLETED or FAILED; reset() returns to IDLE. */
public enum EvolutionState implements WireValue {
    IDLE, RUNNING, COMPLETED, FAILED;

    @Override
    public String toString() { return value(); }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static EvolutionState fromValue(String value) {
        return WireValues.parse(values(), EvolutionState::value, value);
    }
}
