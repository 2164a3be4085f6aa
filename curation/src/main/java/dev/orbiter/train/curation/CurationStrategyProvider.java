package dev.orbiter.train.curation;

import dev.orbiter.train.trajectory.TrajectoryStrategy;

/**
 * A user strategy that datasets can name in {@code orbiter.datasets.<name>.strategies}, found with
 * {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.orbiter.train.curation.CurationStrategyProvider}).
 */
public interface CurationStrategyProvider {

    /** The name used in configuration, e.g. {@code my-filter}. */
    String name();

    /** The strategy for one configured use; {@code argument} is the text after '=' or null. */
    TrajectoryStrategy create(String argument);
}
