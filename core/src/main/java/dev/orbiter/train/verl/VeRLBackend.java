package dev.orbiter.train.verl;

import dev.orbiter.train.internal.WireValues;

/** Where a VeRLTrainer trains: VERL drives the real VeRL (Python) as an external process; LOCAL is the built-in Java trainer, which needs nothing installed. */
public enum VeRLBackend {
    VERL("verl"), LOCAL("local");

    private final String value;

    VeRLBackend(String value) {
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
    public static VeRLBackend fromValue(String value) {
        return WireValues.parse(values(), VeRLBackend::value, value);
    }
}
