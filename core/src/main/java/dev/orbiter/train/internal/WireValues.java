package dev.orbiter.train.internal;

import java.util.function.Function;

/** Parsing of the lower-case wire values that every enum of the library carries. */
public final class WireValues {

    private WireValues() {
    }

    /**
     * The constant whose wire value is {@code value}.
     *
     * @throws IllegalArgumentException naming the enum and the value when none matches
     */
    public static <E extends Enum<E>> E parse(E[] constants, Function<E, String> wire, String value) {
        for (E e : constants) {
            if (wire.apply(e).equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + constants.getClass().getComponentType().getSimpleName()
                + " value: " + value);
    }
}
