package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemMapsTest {

    @Test
    void givenAnyInstantAfter1970_whenWrittenAsCharacters_thenTheyAreTheEpochSecondsText() {
        Random rng = new Random(5);
        char[] buf = new char[32];
        long[] seconds = {0, 1, 9, 10, 1_700_000_000L, Long.MAX_VALUE / 1_000_000_000L};
        int[] nanos = {0, 1000, 5000, 100_000_000, 120_000_000, 123_456_000, 999_999_999, 10_000, 1_000_000};
        for (long s : seconds) {
            for (int n : nanos) {
                assertSame(Instant.ofEpochSecond(s, n), buf);
            }
        }
        for (int i = 0; i < 10_000; i++) {
            assertSame(Instant.ofEpochSecond(rng.nextInt(Integer.MAX_VALUE), rng.nextInt(1_000_000_000)), buf);
        }
    }

    @Test
    void givenAnInstantBefore1970_whenWrittenAsCharacters_thenItAsksForTheText() {
        assertThat(ItemMaps.epochSecondsChars(Instant.ofEpochSecond(-1, 500_000_000), new char[32])).isEqualTo(-1);
        assertThat(ItemMaps.epochSecondsText(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("-0.5");
    }

    private static void assertSame(Instant ts, char[] buf) {
        int n = ItemMaps.epochSecondsChars(ts, buf);
        assertThat(new String(buf, 0, n)).as(ts.toString()).isEqualTo(ItemMaps.epochSecondsText(ts));
    }
}
