package dev.orbiter.train.trainer;

import dev.orbiter.train.internal.WireValues;

/**
 * The trainer lifecycle: CREATED, then VALIDATED once every check passed, TRAINING, and
 * COMPLETED or FAILED. The trainer service publishes each change on {@code orbiter.training.status}.
 */
public enum TrainerState {
    CREATED("created"), VALIDATED("validated"), TRAINING("training"), COMPLETED("completed"), FAILED("failed");

    private final String value;

    TrainerState(String value) {
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
    public static TrainerState fromValue(String value) {
        return WireValues.parse(values(), TrainerState::value, value);
    }
}
