package dev.orbiter.train.evolution;

import dev.orbiter.train.internal.WireValue;
import dev.orbiter.train.internal.WireValues;

/** The phases of an evolution epoch; they always run in this order, whatever order a config lists them in. */
public enum EvolutionPhase implements WireValue {
    SYNTHESIS, TRAINING, EVALUATION, SELECTION, MUTATION;

    @Override
    public String toString() { return value(); }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static EvolutionPhase fromValue(String value) {
        return WireValues.parse(values(), EvolutionPhase::value, value);
    }
}
