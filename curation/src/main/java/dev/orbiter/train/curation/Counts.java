package dev.orbiter.train.curation;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Names of the counters kept in the curation's counter stores (changelogged, so they survive
 * restarts and move with their partitions), and the one way to bump them.
 */
public final class Counts {

    public static final String DEAD_LETTER_STEPS = "dead_letters_steps";
    public static final String DEAD_LETTER_REWARDS = "dead_letters_rewards";
    public static final String DEAD_LETTER_CALLS = "dead_letters_captured_calls";
    public static final String STEPS = "steps";
    public static final String DUPLICATE_IDS = "duplicate_ids";
    public static final String REWARDS = "rewards";
    public static final String REWARDS_JOINED = "rewards_joined";
    public static final String REWARDS_EARLY = "rewards_early";
    public static final String FALLBACK = "reward_fallbacks";

    /** Call assembly: calls taken, repeats dropped, steps written, tool results whose caller was written before. */
    public static final String CALLS = "captured_calls";
    public static final String CALL_REPEATS = "captured_call_repeats";
    public static final String CALL_STEPS = "captured_call_steps";
    public static final String LATE_TOOL_RESULTS = "late_tool_results";

    public static final String SEEN = "seen";
    public static final String FILTERED = "filtered";
    public static final String BELOW_MIN_SCORE = "below_min_score";
    /** Steps of a tenant the dataset is not bound to ({@code tenants}): never curated into it. */
    public static final String OTHER_TENANT = "other_tenant";
    /** Steps over the dataset's prompt or response token limit. */
    public static final String OVER_PROMPT_TOKENS = "over_prompt_tokens";
    public static final String OVER_RESPONSE_TOKENS = "over_response_tokens";
    public static final String LATE_REWARDS_APPLIED = "late_rewards_applied";
    public static final String DUPLICATES = "duplicates";
    public static final String NEAR_DUPLICATES = "near_duplicates";
    public static final String EMITTED = "emitted";
    public static final String UPDATED = "updated";
    public static final String RETRACTED = "retracted";
    /** Steps whose curation threw (a strategy, a reward spec, a non-finite score): sent to the DLQ. */
    public static final String PROCESSING_ERRORS = "processing_errors";

    /** Group-aware datasets: groups released, dropped for equal scores, closed short of their size; and what came after a close. */
    public static final String GROUPS_RELEASED = "groups_released";
    public static final String GROUPS_DROPPED_VARIANCE = "groups_dropped_variance";
    /** Groups dropped for equal scores that a late reward then released. */
    public static final String GROUPS_RESCUED = "groups_rescued";
    public static final String GROUPS_INCOMPLETE = "groups_incomplete";
    public static final String GROUPS_DROPPED_INCOMPLETE = "groups_dropped_incomplete";
    public static final String GROUP_LATE_MEMBERS = "group_late_members";
    public static final String GROUP_DROPPED_MEMBERS = "group_dropped_members";

    /** Episode datasets: episodes written, re-written after a late reward or a late step. */
    public static final String EPISODES = "episodes";
    public static final String EPISODE_UPDATES = "episode_updates";
    public static final String EPISODE_LATE_STEPS = "episode_late_steps";

    private Counts() {
    }

    static void add(KeyValueStore<String, Long> store, String name, long delta) {
        Long v = store.get(name);
        store.put(name, (v == null ? 0 : v) + delta);
    }
}
