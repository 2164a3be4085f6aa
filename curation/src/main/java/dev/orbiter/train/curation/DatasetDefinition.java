package dev.orbiter.train.curation;

import dev.orbiter.train.trajectory.TrajectoryStrategy;
import dev.orbiter.train.verl.RewardSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One curated dataset: which steps it keeps (strategies, score), how it removes duplicates and
 * where it writes. Built from {@code orbiter.datasets.<name>.*} by {@link CurationSettings}.
 *
 * @param name            dataset name (letters, digits, '-', '_')
 * @param topic           the compacted output topic, {@code orbiter.dataset.<name>} by default
 * @param strategies      the strategy chain, applied in order
 * @param minScore        steps scoring below it (or without a score) are dropped; null = keep all
 * @param rewards         reward specs computing the score from the item; empty = use the step's
 * @param scoreMode       whether the specs replace a known score or only fill a missing one
 * @param dedupFields     the fields whose values form the dedup key (also the topic key)
 * @param nearThreshold   Jaccard threshold of near-duplicate removal; null = off
 * @param nearField       the text compared for near duplicates: input, output or text (both)
 * @param dedupRetention  how long a kept key is remembered
 * @param nearMaxItems    most items the near-duplicate index of one partition holds
 * @param dedupPartitions partitions of the dedup stage (1 makes near-dedup global)
 * @param snapshotInterval how often the stream-processor takes a snapshot; null = only on request
 * @param groups          group-aware release of prompt groups; null = off (each step on its own)
 * @param episodes        a dataset of multi-turn episodes instead of steps; null = steps
 * @param tokens          prompt and response length limits in tokens; null = none
 * @param settings        the settings as written, for snapshots (reproducibility)
 */
public record DatasetDefinition(String name, String topic, List<NamedStrategy> strategies, Double minScore,
                                List<RewardSpec> rewards, ScoreMode scoreMode, List<String> dedupFields,
                                Double nearThreshold, NearField nearField, Duration dedupRetention,
                                int nearMaxItems, int dedupPartitions, Duration snapshotInterval,
                                GroupSettings groups, EpisodeSettings episodes, TokenLimits tokens,
                                Map<String, String> settings) {

    /** A strategy with the spec it was made from (for counters and logs). */
    public record NamedStrategy(String spec, TrajectoryStrategy strategy) {
    }

    /** How reward specs combine with a step's own score. */
    public enum ScoreMode { IF_MISSING, REPLACE }

    /** The text near-duplicate removal compares. */
    public enum NearField { INPUT, OUTPUT, TEXT }

    private static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile("[A-Za-z0-9._-]+");

    public DatasetDefinition {
        Objects.requireNonNull(name, "name");
        strategies = List.copyOf(strategies);
        rewards = List.copyOf(rewards);
        dedupFields = List.copyOf(dedupFields);
        settings = Map.copyOf(settings);
        if (dedupFields.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + ": dedup key needs at least one field");
        }
        if (nearThreshold != null && !(nearThreshold > 0 && nearThreshold <= 1)) {
            throw new IllegalArgumentException("dataset " + name + ": near-dedup.threshold must be in (0, 1], got "
                    + nearThreshold);
        }
        if (snapshotInterval != null && (snapshotInterval.isZero() || snapshotInterval.isNegative())) {
            throw new IllegalArgumentException("dataset " + name + ": snapshot-interval must be positive, got " + snapshotInterval);
        }
        if (dedupPartitions < 1 || nearMaxItems < 1) {
            throw new IllegalArgumentException("dataset " + name + ": dedup partitions and near-dedup max items must be >= 1");
        }
    }

    /**
     * The tenants this dataset is bound to ({@code tenants}, comma-separated): only their steps are
     * curated into it, and only their keys (and admins) see it. Empty: a shared dataset, every
     * tenant's steps and every key.
     */
    public java.util.Set<String> tenants() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String t : settings.getOrDefault("tenants", "").split(",")) {
            if (!t.isBlank()) {
                if (!TENANT.matcher(t.strip()).matches()) {
                    throw new IllegalArgumentException("dataset " + name + ": tenants: '" + t.strip()
                            + "' must use letters, digits, '.', '-' and '_'");
                }
                out.add(t.strip());
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    public boolean ofEpisodes() {
        return episodes != null;
    }

    public boolean grouped() {
        return groups != null;
    }

    public boolean nearDedup() {
        return nearThreshold != null;
    }
}
