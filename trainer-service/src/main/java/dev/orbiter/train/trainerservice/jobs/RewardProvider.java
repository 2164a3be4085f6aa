package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.verl.RewardFunction;

/**
 * A reward that jobs can name in {@code reward_specs}, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.orbiter.train.trainerservice.jobs.RewardProvider}).
 */
public interface RewardProvider {

    /** The name jobs use. */
    String name();

    RewardFunction create();
}
