package dev.orbiter.train.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirstOccurrencesTest {

    /** The reference: a key is kept when a set of the keys seen before it did not hold it. */
    private static boolean[] withASet(String[] keys) {
        boolean[] keep = new boolean[keys.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.length; i++) {
            keep[i] = seen.add(keys[i]);
        }
        return keep;
    }

    /** The 2^bits strings of "Aa" and "BB" halves: all of one String.hashCode. */
    private static List<String> equalHashes(int bits) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1 << bits; i++) {
            StringBuilder b = new StringBuilder();
            for (int bit = 0; bit < bits; bit++) {
                b.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            keys.add(b.toString());
        }
        return keys;
    }

    @Test
    void givenRepeatedKeys_thenOnlyTheFirstOfEachIsKept() {
        String[] keys = {"a", "b", "a", new String("b".toCharArray()), "", "", "c", "a"};
        assertThat(FirstOccurrences.of(keys)).containsExactly(true, true, false, false, true, false, true, false);
        assertThat(FirstOccurrences.of(new String[0])).isEmpty();
        assertThat(FirstOccurrences.of(new String[] {"x"})).containsExactly(true);
    }

    @Test
    void givenDifferentKeysOfOneHash_thenEachIsToldApartAndItsRepeatsAreNot() {
        List<String> distinct = equalHashes(12); // 4,096 keys in one run of equal hashes
        List<String> list = new ArrayList<>(distinct);
        list.addAll(distinct.subList(0, 1000));
        list.add("unrelated");
        Collections.shuffle(list, new Random(5));
        String[] keys = list.toArray(String[]::new);
        boolean[] keep = FirstOccurrences.of(keys);
        assertThat(keep).isEqualTo(withASet(keys));
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        assertThat(kept).isEqualTo(4097);
    }

    @Test
    void givenManyRandomKeysWithSomeCollisions_thenItAgreesWithASet() {
        Random rng = new Random(3);
        List<String> colliding = equalHashes(3);
        String[] keys = new String[200_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 97 == 0 ? colliding.get(rng.nextInt(colliding.size())) : "k" + rng.nextInt(50_000);
        }
        assertThat(FirstOccurrences.of(keys)).isEqualTo(withASet(keys));
    }
}
