package dev.orbiter.train.evolution;

import dev.orbiter.train.internal.WireValues;

/** The phases of an evolution epoch; they always run in this order, whatever order a config lists them in. */
public enum EvolutionPhase {
    SYNTHESIS("synthesis"), TRAINING("training"), EVALUATION("evaluation"), SELECTION("selection"), MUTATION("mutation");

    private final String value;

    EvolutionPhase(String value) {
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
    public static EvolutionPhase fromValue(String value) {
        return WireValues.parse(values(), EvolutionPhase::value, value);
    }
}
