package dev.orbiter.train.verl.local;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.local.nn.PairScorer;
import dev.orbiter.train.verl.local.nn.ScorerShape;
import java.nio.file.Path;
import java.util.Map;

/**
 * The LOCAL trainer's settings beyond {@link VeRLConfig}, read from its {@code extra} map. Keys
 * that VeRL also understands use VeRL's hydra names, so one job config drives both backends:
 * {@code trainer.save_freq} (steps between checkpoints; default: every epoch),
 * {@code trainer.resume_mode} ({@code auto} or {@code disable}), {@code seed} (default 0),
 * {@code eval_every} (steps between held-out evaluations; default: every epoch) and
 * {@code local_feature_buckets} (hashed features of the linear model and of the critic, a power of
 * two; default 2^18), {@code local_policy} ({@code linear}, the default, or {@code neural}),
 * {@code actor_rollout_ref.actor.entropy_coeff} (0), {@code actor_rollout_ref.actor.grad_clip}
 * (neural 1.0, linear none), {@code critic.optim.lr} (linear 0.05, neural 0.001) and the schedule
 * ({@link LrSchedule}).
 * The neural scorer's shape: {@code local_model_dim} (32), {@code local_model_heads} (4),
 * {@code local_model_ffn} (64), {@code local_model_prompt_layers} (1), {@code local_model_layers} (2), {@code local_model_max_prompt_bytes}
 * (192) and {@code local_model_max_response_bytes} (48); see {@link ScorerShape}.
 */
record LocalSettings(long seed, int buckets, PolicyModel model, double entropyCoeff, double criticLr, double gradClip,
                     LrSchedule schedule, int saveFreq, boolean resume, int evalEvery, Path outputDir) {

    /** VeRL's name for the entropy bonus's weight. */
    static final String ENTROPY_COEFF = "actor_rollout_ref.actor.entropy_coeff";
    static final double DEFAULT_ENTROPY_COEFF = 0;
    /** VeRL's name for the actor gradient's norm clip (0: none). */
    static final String GRAD_CLIP = "actor_rollout_ref.actor.grad_clip";
    /** Which model the policy uses: {@code linear} (the default) or {@code neural}. */
    static final String POLICY = "local_policy";

    /**
     * VeRL's name for the critic's learning rate. The LOCAL critic is a linear model on sparse
     * hashed prompt features. Adam moves every feature it sees by about the rate per step, so on
     * long prompts full of words seen once (a note with made-up values) a large rate sums many
     * such moves into a noisy baseline: with the neural policy 0.05 held PPO on the copy-a-field
     * task at 0.55, 0.005 gave 0.87 and 0.001 gave 0.99. The linear policy keeps the rate it was
     * tuned with.
     */
    static final String CRITIC_LR = "critic.optim.lr";
    static final double LINEAR_CRITIC_LR = 0.05;
    static final double NEURAL_CRITIC_LR = 0.001;

    static LocalSettings of(VeRLConfig c) {
        Map<String, Object> x = c.extra();
        String resumeMode = String.valueOf(x.getOrDefault("trainer.resume_mode", "auto"));
        if (!resumeMode.equals("auto") && !resumeMode.equals("disable")) {
            throw new TrainerError("trainer.resume_mode must be auto or disable for the LOCAL backend, got " + resumeMode);
        }
        Path dir = c.outputDir().isEmpty() ? null : Path.of(c.outputDir());
        int buckets = (int) number(x, "local_feature_buckets", FeatureHasher.DEFAULT_BUCKETS);
        PolicyModel model = model(x, buckets);
        boolean neural = model instanceof NeuralModel;
        // The neural scorer trains with VeRL's defaults (clip 1.0, a cosine decay) and a slow critic;
        // the linear model keeps the plain constant-rate Adam it was tuned with.
        double criticLr = decimal(x, CRITIC_LR, neural ? NEURAL_CRITIC_LR : LINEAR_CRITIC_LR);
        return new LocalSettings(number(x, "seed", 0), buckets, model, decimal(x, ENTROPY_COEFF, DEFAULT_ENTROPY_COEFF),
                criticLr, decimal(x, GRAD_CLIP, neural ? 1.0 : 0.0),
                LrSchedule.of(x, neural), (int) number(x, "trainer.save_freq", -1), resumeMode.equals("auto"),
                (int) number(x, "eval_every", 0), dir);
    }

    private static PolicyModel model(Map<String, Object> x, int buckets) {
        String kind = String.valueOf(x.getOrDefault(POLICY, "linear"));
        try {
            return switch (kind) {
                case "linear" -> new LinearModel(new FeatureHasher(buckets));
                case "neural" -> new NeuralModel(new PairScorer(shape(x)));
                default -> throw new TrainerError(POLICY + " must be linear or neural, got " + kind);
            };
        } catch (IllegalArgumentException e) {
            throw new TrainerError(e.getMessage(), e);
        }
    }

    private static ScorerShape shape(Map<String, Object> x) {
        ScorerShape d = ScorerShape.DEFAULT;
        return new ScorerShape((int) number(x, "local_model_dim", d.dim()), (int) number(x, "local_model_heads", d.heads()),
                    (int) number(x, "local_model_ffn", d.ffn()), (int) number(x, "local_model_prompt_layers", d.promptLayers()),
                    (int) number(x, "local_model_layers", d.layers()),
                    (int) number(x, "local_model_max_prompt_bytes", d.maxPromptBytes()),
                    (int) number(x, "local_model_max_response_bytes", d.maxResponseBytes()));
    }

    private static double decimal(Map<String, Object> x, String key, double fallback) {
        Object v = x.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString().trim());
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new TrainerError(key + " must be a finite number >= 0, got " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new TrainerError(key + " must be a number, got '" + v + "'", e);
        }
    }

    private static long number(Map<String, Object> x, String key, long fallback) {
        Object v = x.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new TrainerError(key + " must be an integer, got '" + v + "'", e);
        }
    }
}
