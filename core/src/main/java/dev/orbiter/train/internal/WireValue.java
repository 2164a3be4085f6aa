package dev.orbiter.train.internal;

import java.util.Locale;

/**
 * An enum of the library whose wire value (in JSON, Avro and configuration) is its name in lower
 * case: {@code VeRLAlgorithm.GRPO.value()} is {@code "grpo"}.
 */
public interface WireValue {

    /** The constant's name (every enum has it). */
    String name();

    /** The lower-case wire value. */
    default String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
