package dev.orbiter.train.verl.local;

import dev.orbiter.train.trainer.TrainerError;
import java.util.Map;

/**
 * The actor's learning-rate schedule, under VeRL's names: {@code
 * actor_rollout_ref.actor.optim.warmup_style} ({@code cosine}, the neural model's default, or
 * {@code constant}, the linear one's), {@code actor_rollout_ref.actor.optim.lr_warmup_steps_ratio}
 * (neural 0.05, linear 0) and
 * {@code actor_rollout_ref.actor.optim.min_lr_ratio} (default 0.1). A linear warm-up, then either
 * the full rate or a cosine decay to {@code min_lr_ratio} of it at the last step. It depends only
 * on (step, total steps), so a resumed run follows the same curve.
 */
record LrSchedule(boolean cosine, double warmupRatio, double minRatio) {

    static final String STYLE = "actor_rollout_ref.actor.optim.warmup_style";
    static final String WARMUP = "actor_rollout_ref.actor.optim.lr_warmup_steps_ratio";
    static final String MIN = "actor_rollout_ref.actor.optim.min_lr_ratio";

    /** The schedule the keys ask for; unset, cosine with warm-up for the neural model, constant for the linear one. */
    static LrSchedule of(Map<String, Object> x, boolean neural) {
        String style = String.valueOf(x.getOrDefault(STYLE, neural ? "cosine" : "constant"));
        if (!style.equals("cosine") && !style.equals("constant")) {
            throw new TrainerError(STYLE + " must be cosine or constant, got " + style);
        }
        return new LrSchedule(style.equals("cosine"), ratio(x, WARMUP, neural ? 0.05 : 0), ratio(x, MIN, 0.1));
    }

    /** The factor on the learning rate at {@code step} (0-based) of {@code total}. */
    double factor(int step, int total) {
        int warmup = (int) Math.round(warmupRatio * total);
        if (step < warmup) {
            return (step + 1.0) / warmup;
        }
        if (!cosine || total - warmup <= 1) {
            return 1;
        }
        double progress = (double) (step - warmup) / (total - warmup - 1);
        return minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    private static double ratio(Map<String, Object> x, String key, double fallback) {
        Object v = x.get(key);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new TrainerError(key + " must be a number in [0, 1], got '" + v + "'", e);
        }
        if (!(d >= 0 && d <= 1)) {
            throw new TrainerError(key + " must be a number in [0, 1], got " + v);
        }
        return d;
    }
}
