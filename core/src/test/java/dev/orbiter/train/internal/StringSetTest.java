package dev.orbiter.train.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StringSetTest {

    @Test
    void givenRepeatedKeys_whenAdded_thenOnlyTheFirstOfEachIsNew() {
        StringSet set = new StringSet(4);
        assertThat(set.add("a")).isTrue();
        assertThat(set.add("b")).isTrue();
        assertThat(set.add("a")).isFalse();
        assertThat(set.add(new String("b".toCharArray()))).isFalse(); // equal, not the same object
        assertThat(set.add("")).isTrue();
        assertThat(set.add("")).isFalse();
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void givenKeysWithEqualHashes_whenAdded_thenEachIsToldApart() {
        // "Aa" and "BB" have the same String.hashCode, and so do all their concatenations
        StringSet set = new StringSet(1);
        String[] parts = {"Aa", "BB"};
        for (int i = 0; i < 256; i++) {
            StringBuilder b = new StringBuilder();
            for (int bit = 0; bit < 8; bit++) {
                b.append(parts[i >> bit & 1]);
            }
            assertThat(set.add(b.toString())).isTrue();
            assertThat(set.add(b.toString())).isFalse();
        }
        assertThat(set.size()).isEqualTo(256);
    }

    @Test
    void givenFarMoreKeysThanItWasSizedFor_whenAdded_thenItAgreesWithAHashSet() {
        StringSet set = new StringSet(0);
        Set<String> reference = new HashSet<>();
        Random rng = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            String key = "k" + rng.nextInt(50_000);
            assertThat(set.add(key)).isEqualTo(reference.add(key));
        }
        assertThat(set.size()).isEqualTo(reference.size());
    }
}
