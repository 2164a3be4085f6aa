package dev.orbiter.train.curation;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.orbiter.train.tokens.TokenCounter;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A dataset's length limits in tokens ({@code max-prompt-tokens}, {@code max-response-tokens}),
 * counted by the tokenizer the user points to ({@code tokenizer}: a Hugging Face
 * {@code tokenizer.json}, read at start, nothing downloaded) or else by {@link TokenCounter#estimate()}.
 * Checked in the stream, per step, where trainers would filter the whole dataset before each run.
 *
 * @param maxPrompt   most tokens of the prompt: the messages before the answer, else the input; null = no limit
 * @param maxResponse most tokens of the response (the output); null = no limit
 * @param counter     what counts them
 * @param tokenizer   the tokenizer file, or "estimate"
 */
public record TokenLimits(Integer maxPrompt, Integer maxResponse, TokenCounter counter, String tokenizer) {

    static final List<String> KEYS = List.of("max-prompt-tokens", "max-response-tokens", "tokenizer");

    /** The limits of a dataset from its own keys, or null when it has none. */
    static TokenLimits from(String prefix, Map<String, String> own) {
        Integer prompt = limit(prefix + "max-prompt-tokens", own.get("max-prompt-tokens"));
        Integer response = limit(prefix + "max-response-tokens", own.get("max-response-tokens"));
        String file = own.get("tokenizer");
        if (prompt == null && response == null) {
            if (file != null) {
                throw new IllegalArgumentException(prefix + "tokenizer needs " + prefix + "max-prompt-tokens or max-response-tokens");
            }
            return null;
        }
        if (file == null || file.isBlank()) {
            return new TokenLimits(prompt, response, TokenCounter.estimate(), "estimate");
        }
        return new TokenLimits(prompt, response, huggingFace(prefix + "tokenizer", Path.of(file.trim())), file.trim());
    }

    /** Whether the prompt is over its limit. */
    boolean promptTooLong(TrajectoryItem item) {
        return maxPrompt != null && counter.count(prompt(item)) > maxPrompt;
    }

    boolean responseTooLong(TrajectoryItem item) {
        return maxResponse != null && counter.count(item.output()) > maxResponse;
    }

    /** The messages' text up to the answer (a final assistant message is the response), else the input. */
    static String prompt(TrajectoryItem item) {
        List<Map<String, Object>> m = item.messages();
        if (m.isEmpty()) {
            return item.input();
        }
        int end = "assistant".equals(m.get(m.size() - 1).get("role")) ? m.size() - 1 : m.size();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < end; i++) {
            Object content = m.get(i).get("content");
            if (content != null) {
                text.append(text.length() == 0 ? "" : "\n").append(content);
            }
        }
        return text.toString();
    }

    private static TokenCounter huggingFace(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(key + ": no tokenizer file at " + file.toAbsolutePath());
        }
        try {
            // No special tokens ([CLS], <s>): a limit is on the text; no truncation, so long texts count in full.
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false",
                    "truncation", "false", "padding", "false"));
            return text -> t.encode(text, false, false).getIds().length;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + " as a Hugging Face tokenizer.json: "
                    + e.getMessage(), e);
        }
    }

    private static Integer limit(String key, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number >= 1, got '" + v + "'");
        }
    }
}
