package dev.orbiter.train.verl.local.nn;

/**
 * The shapes of a {@link PairScorer}: model width {@code dim} (a multiple of {@code heads}),
 * attention heads, feed-forward width, prompt self-attention blocks, response blocks, and how many bytes of a prompt and of a
 * response it reads (the rest is cut).
 */
public record ScorerShape(int dim, int heads, int ffn, int promptLayers, int layers, int maxPromptBytes,
                          int maxResponseBytes) {

    /** The defaults: small enough to train in a minute or two on two cores. */
    public static final ScorerShape DEFAULT = new ScorerShape(32, 4, 64, 1, 2, 192, 48);

    public ScorerShape {
        require(dim >= 4 && dim <= 512, "local_model_dim must be in [4, 512], got " + dim);
        require(heads >= 1 && dim % heads == 0, "local_model_heads must divide local_model_dim (" + dim + "), got " + heads);
        require(ffn >= 1 && ffn <= 4096, "local_model_ffn must be in [1, 4096], got " + ffn);
        require(promptLayers >= 1 && promptLayers <= 8, "local_model_prompt_layers must be in [1, 8], got " + promptLayers);
        require(layers >= 1 && layers <= 8, "local_model_layers must be in [1, 8], got " + layers);
        require(maxPromptBytes >= 1 && maxPromptBytes <= 4096, "local_model_max_prompt_bytes must be in [1, 4096], got "
                + maxPromptBytes);
        require(maxResponseBytes >= 1 && maxResponseBytes <= 1024,
                "local_model_max_response_bytes must be in [1, 1024], got " + maxResponseBytes);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
