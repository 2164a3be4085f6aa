package dev.orbiter.train.trainerservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events of a job whose spec is not read yet wait for it, in order, bounded per job. */
class HeldEventsTest {

    private final List<Map<String, Object>> published = new ArrayList<>();

    @Test
    void anEventOfAJobWhoseSpecIsKnownIsPublishedAtOnce() {
        HeldEvents held = new HeldEvents(10, published::add);

        held.offer("a", true, event("a", 1));

        assertThat(published).containsExactly(event("a", 1));
        assertThat(held.size()).isZero();
    }

    @Test
    void eventsReadBeforeTheSpecArePublishedInOrderWhenItIsRead() {
        HeldEvents held = new HeldEvents(10, published::add);
        held.offer("a", false, event("a", 1));
        held.offer("b", false, event("b", 1));
        held.offer("a", false, event("a", 2));
        assertThat(published).isEmpty();

        held.release("a");

        assertThat(published).containsExactly(event("a", 1), event("a", 2));
        assertThat(held.size()).isEqualTo(1);
    }

    @Test
    void theFirstEventAfterASpecSetElsewhereComesAfterTheHeldOnes() {
        // the accepting instance sets the spec itself: its first event then releases what waited
        HeldEvents held = new HeldEvents(10, published::add);
        held.offer("a", false, event("a", 1));

        held.offer("a", true, event("a", 2));

        assertThat(published).containsExactly(event("a", 1), event("a", 2));
    }

    @Test
    void aJobKeepsOnlyItsNewestEventsWhileItsSpecIsMissing() {
        HeldEvents held = new HeldEvents(2, published::add);
        for (int i = 1; i <= 5; i++) {
            held.offer("a", false, event("a", i));
        }

        held.release("a");

        assertThat(published).containsExactly(event("a", 4), event("a", 5));
    }

    @Test
    void aReleaseOfAJobWithNothingHeldPublishesNothing() {
        new HeldEvents(1, published::add).release("a");

        assertThat(published).isEmpty();
        assertThatThrownBy(() -> new HeldEvents(0, published::add)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> event(String job, int n) {
        return Map.of("job_id", job, "n", n);
    }
}
