package dev.orbiter.train.verl;

import dev.orbiter.train.internal.WireValue;
import dev.orbiter.train.internal.WireValues;

/** Where a VeRLTrainer trains: VERL drives the real VeRL (Python) as an external process; LOCAL is the built-in Java trainer, which needs nothing installed. */
public enum VeRLBackend implements WireValue {
    VERL, LOCAL;

    @Override
    public String toString() { return value(); }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static VeRLBackend fromValue(String value) {
        return WireValues.parse(values(), VeRLBackend::value, value);
    }
}
