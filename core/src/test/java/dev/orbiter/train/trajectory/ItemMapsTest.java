package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemMapsTest {

    @Test
    void givenAnyInstantAfter1970_whenWrittenAsText_thenItIsTheExactDecimalOfItsMicroseconds() {
        Random rng = new Random(5);
        long[] seconds = {0, 1, 9, 10, 1_700_000_000L, Long.MAX_VALUE / 1_000_000_000L};
        int[] nanos = {0, 999, 1000, 5000, 10_000, 1_000_000, 100_000_000, 120_000_000, 123_456_000, 999_999_999};
        for (long s : seconds) {
            for (int n : nanos) {
                assertExact(Instant.ofEpochSecond(s, n));
            }
        }
        for (int i = 0; i < 10_000; i++) {
            assertExact(Instant.ofEpochSecond(rng.nextInt(Integer.MAX_VALUE), rng.nextInt(1_000_000_000)));
        }
    }

    @Test
    void givenAnInstantBefore1970_whenWritten_thenTheCharactersDeferToTheText() {
        Instant ts = Instant.ofEpochSecond(-1, 500_000_000);
        assertThat(ItemMaps.epochSecondsChars(ts, new char[ItemMaps.EPOCH_CHARS])).isEqualTo(-1);
        assertThat(ItemMaps.epochSecondsText(ts)).isEqualTo("-0.5");
    }

    /** Text and characters both equal the decimal of the whole microseconds, trailing zeros dropped. */
    private static void assertExact(Instant ts) {
        long micros = ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1000;
        String expected = BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
        char[] buf = new char[ItemMaps.EPOCH_CHARS];
        int n = ItemMaps.epochSecondsChars(ts, buf);
        assertThat(new String(buf, 0, n)).as(ts.toString()).isEqualTo(expected);
        assertThat(ItemMaps.epochSecondsText(ts)).as(ts.toString()).isEqualTo(expected);
    }
}
