package dev.orbiter.train.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BandIndexTest {

    private static final long[] WORDS = {1, 2, 3};

    @Test
    void itemsSharingABandAreCandidatesOnceEachAndRemovedItemsAreNot() {
        BandIndex index = new BandIndex();
        index.add("a", new long[] {10, 11}, WORDS, 1);
        index.add("b", new long[] {10, 12}, WORDS, 2);
        index.add("c", new long[] {13, 14}, WORDS, 3);

        assertThat(index.candidates(new long[] {10, 11, 12})).extracting(BandIndex.Held::key).containsExactly("a", "b");
        index.remove("a");
        assertThat(index.candidates(new long[] {10, 11})).extracting(BandIndex.Held::key).containsExactly("b");
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void aLookupTestsEachCandidateOnceAndStopsAtTheFirstThatPasses() {
        BandIndex index = new BandIndex();
        index.add("a", new long[] {10, 11}, WORDS, 1);
        index.add("b", new long[] {10, 11}, WORDS, 2);
        index.add("c", new long[] {11, 12}, WORDS, 3);
        List<String> tested = new java.util.ArrayList<>();

        boolean found = index.anyCandidate(new long[] {10, 11, 12}, held -> {
            tested.add(held.key());
            return held.group() == 2;
        });

        assertThat(found).isTrue();
        assertThat(tested).containsExactly("a", "b");
        tested.clear();
        assertThat(index.anyCandidate(new long[] {10, 11, 12}, held -> !tested.add(held.key()))).isFalse();
        assertThat(tested).containsExactly("a", "b", "c");
    }

    @Test
    void aHotBandKeepsOnlyItsMostRecentMembersSoLookupsStayBounded() {
        BandIndex index = new BandIndex();
        for (int i = 0; i < 10_000; i++) {
            index.add("k" + i, new long[] {42, 1_000 + i}, WORDS, i);
        }

        List<BandIndex.Held> hot = index.candidates(new long[] {42});
        assertThat(hot).hasSize(BandIndex.BUCKET_CAP);
        assertThat(hot.get(hot.size() - 1).key()).isEqualTo("k9999");
        assertThat(index.candidates(new long[] {1_000})).extracting(BandIndex.Held::key)
                .as("an item that left a hot band is still found by its other bands").containsExactly("k0");
    }

    @Test
    void slotsOfRemovedItemsAreReused() {
        BandIndex index = new BandIndex();
        index.add("a", new long[] {1}, WORDS, 0);
        index.remove("a");
        index.add("b", new long[] {2}, WORDS, 0);
        index.add("b", new long[] {3}, WORDS, 0); // re-adding a key replaces it

        assertThat(index.candidates(new long[] {1, 2})).isEmpty();
        assertThat(index.candidates(new long[] {3})).extracting(BandIndex.Held::key).containsExactly("b");
    }
}
