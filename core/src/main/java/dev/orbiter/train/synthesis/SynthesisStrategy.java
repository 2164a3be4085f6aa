package dev.orbiter.train.synthesis;

import dev.orbiter.train.internal.WireValue;
import dev.orbiter.train.internal.WireValues;

/** How a synthesis pipeline makes new items when no synthesiser is given: LLM, TEMPLATE or AUGMENT. */
public enum SynthesisStrategy implements WireValue {
    LLM, TEMPLATE, AUGMENT;

    @Override
    public String toString() { return value(); }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static SynthesisStrategy fromValue(String value) {
        return WireValues.parse(values(), SynthesisStrategy::value, value);
    }
}
