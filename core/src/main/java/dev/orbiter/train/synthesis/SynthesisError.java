package dev.orbiter.train.synthesis;

/** A failed synthesis: a synthesiser that cannot produce items (e.g. an unreachable LLM endpoint). */
public class SynthesisError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SynthesisError(String message) {
        super(message);
    }

    public SynthesisError(String message, Throwable cause) {
        super(message, cause);
    }
}
