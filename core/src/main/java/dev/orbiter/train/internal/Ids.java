package dev.orbiter.train.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Generated ids: 12 lower-case hex characters, like the Python package's {@code uuid4().hex[:12]}. */
public final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    /** A new random 12-hex id. */
    public static String newId() {
        long bits = ThreadLocalRandom.current().nextLong();
        char[] out = new char[12];
        for (int i = 11; i >= 0; i--) {
            out[i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        return new String(out);
    }
}
