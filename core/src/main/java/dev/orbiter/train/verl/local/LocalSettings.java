package dev.orbiter.train.verl.local;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.verl.VeRLConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The LOCAL trainer's settings beyond {@link VeRLConfig}, read from its {@code extra} map. Keys
 * that VeRL also understands use VeRL's hydra names, so one job config drives both backends:
 * {@code trainer.save_freq} (steps between checkpoints; default: every epoch),
 * {@code trainer.resume_mode} ({@code auto} or {@code disable}), {@code seed} (default 0),
 * {@code eval_every} (steps between held-out evaluations; default: every epoch) and
 * {@code local_feature_buckets} (a power of two; default 2^18).
 */
record LocalSettings(long seed, int buckets, int saveFreq, boolean resume, int evalEvery, Path outputDir) {

    static LocalSettings of(VeRLConfig c) {
        Map<String, Object> x = c.extra();
        String resumeMode = String.valueOf(x.getOrDefault("trainer.resume_mode", "auto"));
        if (!resumeMode.equals("auto") && !resumeMode.equals("disable")) {
            throw new TrainerError("trainer.resume_mode must be auto or disable for the LOCAL backend, got " + resumeMode);
        }
        Path dir = c.outputDir().isEmpty() ? null : Path.of(c.outputDir());
        return new LocalSettings(number(x, "seed", 0), (int) number(x, "local_feature_buckets", FeatureHasher.DEFAULT_BUCKETS),
                (int) number(x, "trainer.save_freq", -1), resumeMode.equals("auto"), (int) number(x, "eval_every", 0), dir);
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
