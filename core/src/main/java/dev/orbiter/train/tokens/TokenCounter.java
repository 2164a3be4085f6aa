package dev.orbiter.train.tokens;

/**
 * Counts the tokens of a text, as a trainer's tokenizer would, for length limits on prompts and
 * responses. {@link #estimate()} needs no vocabulary; a real tokenizer (a Hugging Face
 * {@code tokenizer.json}) is plugged in where native code is allowed (the curation).
 */
@FunctionalInterface
public interface TokenCounter {

    /** How many tokens {@code text} is. */
    int count(String text);

    /**
     * An estimate with no vocabulary: the text is split as GPT-2-style tokenizers pre-split it
     * (runs of letters, of digits, of other non-space characters; spaces are not counted) and
     * each piece counts one token per started 7 letters, 3 digits or 2 other characters. On English prose that gives about 1.2
     * tokens per word, where BPE vocabularies of 30k-150k entries give 1.2-1.4; on code and digits
     * it over-counts rather than under-counts, which is the safe side of a length limit.
     */
    static TokenCounter estimate() {
        return EstimatedTokens::count;
    }
}
