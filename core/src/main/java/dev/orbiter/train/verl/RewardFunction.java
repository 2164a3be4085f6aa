package dev.orbiter.train.verl;

import dev.orbiter.train.trajectory.TrajectoryItem;

/** Scores one trajectory item; the building block of {@link RewardSpec}s. */
@FunctionalInterface
public interface RewardFunction {

    double score(TrajectoryItem item);
}
