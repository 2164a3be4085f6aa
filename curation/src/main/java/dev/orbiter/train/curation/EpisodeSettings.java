package dev.orbiter.train.curation;

import dev.orbiter.train.trajectory.Episodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataset of multi-turn episodes ({@code orbiter.datasets.<d>.unit=episode}): a task's steps for
 * one agent are held by {@link EpisodeProcessor} and become one episode item when the task ends.
 *
 * @param closeAfter  silence after which an episode without an ending step ends ({@code episode.close-after}, 5 min)
 * @param endStatuses step statuses that end an episode at once ({@code episode.end-statuses}, {@code done,terminal})
 * @param reward      the episode's reward from its steps' ({@code episode.reward}: last, sum, mean; last)
 * @param maxSteps    an episode this long ends and is written, so state stays bounded ({@code episode.max-steps}, 256)
 * @param retention   how long an ended episode's steps are kept so a late reward re-scores it
 *                    ({@code episode.retention}, 7 d)
 */
public record EpisodeSettings(Duration closeAfter, Set<String> endStatuses, Episodes.Reward reward, int maxSteps,
                              Duration retention) {

    /** The keys under {@code orbiter.datasets.<d>.}. */
    static final List<String> KEYS = List.of("unit", "episode.close-after", "episode.end-statuses", "episode.reward",
            "episode.max-steps", "episode.retention");

    public EpisodeSettings {
        endStatuses = Set.copyOf(endStatuses);
        if (closeAfter.isNegative() || closeAfter.isZero()) {
            throw new IllegalArgumentException("episode.close-after must be positive, got " + closeAfter);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("episode.max-steps must be >= 1, got " + maxSteps);
        }
        if (retention.compareTo(closeAfter) < 0) {
            throw new IllegalArgumentException("episode.retention (" + retention + ") must be at least episode.close-after");
        }
    }

    /** The episode settings of a dataset from its own keys, or null for a dataset of steps. */
    static EpisodeSettings from(String prefix, Map<String, String> own) {
        String unit = own.getOrDefault("unit", "step").trim();
        if (!unit.equals("step") && !unit.equals("episode")) {
            throw new IllegalArgumentException(prefix + "unit must be one of [step, episode], got '" + unit + "'");
        }
        if (unit.equals("step")) {
            for (String k : KEYS.subList(1, KEYS.size())) {
                if (own.containsKey(k)) {
                    throw new IllegalArgumentException(prefix + k + " needs " + prefix + "unit=episode");
                }
            }
            return null;
        }
        if (own.containsKey("group.size")) {
            throw new IllegalArgumentException(prefix + "unit=episode and group.size cannot be combined");
        }
        int maxSteps;
        try {
            maxSteps = Integer.parseInt(own.getOrDefault("episode.max-steps", "256").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + "episode.max-steps must be a whole number, got '"
                    + own.get("episode.max-steps") + "'");
        }
        Episodes.Reward reward;
        try {
            reward = Episodes.Reward.parse(own.getOrDefault("episode.reward", "last"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
        return new EpisodeSettings(CurationSettings.parseDuration(prefix + "episode.close-after",
                own.getOrDefault("episode.close-after", "5m")),
                Set.copyOf(CurationSettings.list(own.getOrDefault("episode.end-statuses", "done,terminal"))), reward,
                maxSteps, CurationSettings.parseDuration(prefix + "episode.retention", own.getOrDefault("episode.retention", "7d")));
    }
}
