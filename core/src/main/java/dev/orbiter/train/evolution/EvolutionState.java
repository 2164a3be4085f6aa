package dev.orbiter.train.evolution;

import dev.orbiter.train.internal.WireValues;

/** The state of an evolution pipeline: IDLE until run, RUNNING, then COMPLETED or FAILED; reset() returns to IDLE. */
public enum EvolutionState {
    IDLE("idle"), RUNNING("running"), COMPLETED("completed"), FAILED("failed");

    private final String value;

    EvolutionState(String value) {
        this.value = value;
    }

    /** The lower-case wire value. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static EvolutionState fromValue(String value) {
        return WireValues.parse(values(), EvolutionState::value, value);
    }
}
