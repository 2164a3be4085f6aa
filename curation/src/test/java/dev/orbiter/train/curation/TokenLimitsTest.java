package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationDriver.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token limits per dataset, with a real Hugging Face tokenizer.json and with the estimate. */
class TokenLimitsTest {

    private static final String D = "orbiter.datasets.short.";
    private static final String TOKENIZER = Path.of("src/test/resources/tokenizers/wordpiece-tiny.json").toAbsolutePath()
            .toString();

    private static Map<String, String> config(String... more) {
        Map<String, String> c = new HashMap<>(Map.of(D + "min-score", "0", "orbiter.curation.wait-for-reward", "none"));
        for (int i = 0; i < more.length; i += 2) {
            c.put(more[i], more[i + 1]);
        }
        return c;
    }

    @Test
    void aRealTokenizerCountsSubwords_soAWordCanBeSeveralTokens() {
        TokenLimits limits = TokenLimits.from(D, Map.of("max-response-tokens", "2", "tokenizer", TOKENIZER));

        assertThat(limits.counter().count("Unbelievable")).as("un ##believ ##able").isEqualTo(3);
        assertThat(limits.counter().count("what is two plus two ?")).isEqualTo(6);
        assertThat(limits.responseTooLong(TrajectoryItem.builder().output("fourteen").build())).isFalse();
        assertThat(limits.responseTooLong(TrajectoryItem.builder().output("unbelievable").build())).isTrue();
    }

    @Test
    void givenLimits_whenStepsFlow_thenThoseOverEitherLimitAreDroppedAndCounted() {
        try (CurationDriver t = new CurationDriver(config(D + "max-prompt-tokens", "5", D + "max-response-tokens", "2",
                D + "tokenizer", TOKENIZER))) {
            t.send(step("ok", "t", "what is two plus two", "four", 1.0).build());
            t.send(step("long-prompt", "t", "what is two plus two plus two", "four", 1.0).build());
            t.send(step("long-answer", "t", "what is two", "unbelievable", 1.0).build());

            assertThat(t.dataset("short").readValuesToList()).extracting(TrajectoryStep::getId).containsExactly("ok");
            assertThat(t.count(CurationNames.filterCounts("short"), Counts.OVER_PROMPT_TOKENS)).isEqualTo(1);
            assertThat(t.count(CurationNames.filterCounts("short"), Counts.OVER_RESPONSE_TOKENS)).isEqualTo(1);
        }
    }

    @Test
    void withoutATokenizerTheEstimateCounts_andThePromptIsTheMessagesBeforeTheAnswer() {
        TokenLimits limits = TokenLimits.from(D, Map.of("max-prompt-tokens", "3"));
        TrajectoryItem chat = TrajectoryItem.builder().input("ignored when there are messages").messages(List.of(
                Map.of("role", "system", "content", "be brief"), Map.of("role", "user", "content", "hi"),
                Map.of("role", "assistant", "content", "a very long answer that does not count in the prompt"))).build();

        assertThat(limits.tokenizer()).isEqualTo("estimate");
        assertThat(TokenLimits.prompt(chat)).isEqualTo("be brief\nhi");
        assertThat(limits.promptTooLong(chat)).isFalse();
    }

    @Test
    void limitsAreValidatedAtStart() {
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "max-prompt-tokens", "0")))
                .hasMessageContaining("max-prompt-tokens must be a whole number >= 1");
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "max-prompt-tokens", "9", D + "tokenizer", "/nope.json")))
                .hasMessageContaining("no tokenizer file at /nope.json");
        assertThatThrownBy(() -> CurationSettings.fromConfig(config(D + "tokenizer", TOKENIZER)))
                .hasMessageContaining("needs " + D + "max-prompt-tokens");
    }
}
