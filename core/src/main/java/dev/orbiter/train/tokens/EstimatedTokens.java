package dev.orbiter.train.tokens;

/** The vocabulary-free estimate of {@link TokenCounter#estimate()}, in one pass without allocation. */
final class EstimatedTokens {

    private EstimatedTokens() {
    }

    static int count(String text) {
        int tokens = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++; // spaces ride on the piece they lead
                continue;
            }
            int kind = kind(c);
            int start = i;
            while (i < n && kind(text.charAt(i)) == kind) {
                i++;
            }
            tokens += (i - start + perToken(kind) - 1) / perToken(kind);
        }
        return tokens;
    }

    /** 1 letters, 2 digits, 3 anything else that is not a space (punctuation, symbols). */
    private static int kind(char c) {
        return Character.isWhitespace(c) ? 0 : Character.isLetter(c) ? 1 : Character.isDigit(c) ? 2 : 3;
    }

    /**
     * Characters per token by kind: common words up to 7 letters are one BPE token, GPT-4-style
     * vocabularies group digits by three, runs of punctuation by about two.
     */
    private static int perToken(int kind) {
        return kind == 1 ? 7 : kind == 2 ? 3 : 2;
    }
}
