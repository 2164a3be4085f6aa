package dev.orbiter.train.verl.launcher;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.verl.VeRLConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The VERL launcher's settings, from the job config's {@code extra} map and the environment:
 * {@code verl_python} (else {@code ORBITER_VERL_PYTHON}, else {@code python3}),
 * {@code verl_overrides} (extra hydra overrides: a list, or a string split on whitespace),
 * {@code reward_endpoint} (else {@code ORBITER_REWARD_URL}; the trainer's reward URL for the
 * bridge), {@code job_id}; the output directory is the config's, else a new temporary one.
 */
record LauncherSettings(String python, List<String> extraOverrides, URI rewardEndpoint, String jobId, Path outputDir) {

    static LauncherSettings of(VeRLConfig c) {
        Map<String, Object> x = c.extra();
        Map<String, String> env = System.getenv();
        String python = text(x.get("verl_python"), env.getOrDefault("ORBITER_VERL_PYTHON", "python3"));
        String endpoint = text(x.get("reward_endpoint"), env.get("ORBITER_REWARD_URL"));
        return new LauncherSettings(python, overrides(x.get("verl_overrides")),
                endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
                text(x.get("job_id"), "orbiter-job"), outputDir(c));
    }

    private static Path outputDir(VeRLConfig c) {
        if (!c.outputDir().isEmpty()) {
            return Path.of(c.outputDir()).toAbsolutePath();
        }
        try {
            return Files.createTempDirectory("orbiter-verl-");
        } catch (IOException e) {
            throw new TrainerError("cannot create a working directory for VeRL: " + e.getMessage(), e);
        }
    }

    private static List<String> overrides(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection) {
            ((Collection<?>) value).forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null && !value.toString().isBlank()) {
            out.addAll(List.of(value.toString().trim().split("\\s+")));
        }
        for (String o : out) {
            if (!o.contains("=")) {
                throw new TrainerError("verl_overrides entries must be key=value hydra overrides, got '" + o + "'");
            }
        }
        return out;
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }
}
