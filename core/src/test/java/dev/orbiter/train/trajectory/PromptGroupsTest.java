package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A response's group is its group id when it has one, else its prompt; a group id never collides with a prompt. */
class PromptGroupsTest {

    @Test
    void theGroupIdWinsOverThePromptAndABlankOneDoesNotCount() {
        assertThat(PromptGroups.id("g1", "what is 2+2")).isEqualTo("g1");
        assertThat(PromptGroups.id(" ", "what is 2+2")).isEqualTo("what is 2+2");
        assertThat(PromptGroups.id(null, null)).isEmpty();
    }

    @Test
    void aGroupIdAndAPromptWithTheSameTextAreDifferentKeys() {
        assertThat(PromptGroups.key("same", "x")).isNotEqualTo(PromptGroups.key(null, "same"));
        TrajectoryItem grouped = TrajectoryItem.builder().input("q").metadata(Map.of(PromptGroups.GROUP_ID, "g7")).build();
        TrajectoryItem byPrompt = TrajectoryItem.builder().input("q").build();
        assertThat(PromptGroups.key(grouped)).isEqualTo("g:g7");
        assertThat(PromptGroups.key(byPrompt)).isEqualTo("p:q");
    }
}
