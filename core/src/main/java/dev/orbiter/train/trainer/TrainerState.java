package dev.orbiter.train.trainer;

import dev.orbiter.train.internal.WireValue;
import dev.orbiter.train.internal.WireValues;

/**
 * The trainer lifecycle: CREATED, then VALIDATED once every check passed, TRAINING, and
 * COMPLETED or FAILED. The trainer service publishes each change on {@code orbiter.training.status}.
 */
public enum TrainerState implements WireValue {
    CREATED, VALIDATED, TRAINING, COMPLETED, FAILED;

    @Override
    public String toString() { return value(); }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static TrainerState fromValue(String value) {
        return WireValues.parse(values(), TrainerState::value, value);
    }
}
