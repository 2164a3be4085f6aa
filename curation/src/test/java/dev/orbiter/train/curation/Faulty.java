package dev.orbiter.train.curation;

import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.trajectory.TrajectoryStrategy;

/** User code that fails on some steps: a strategy that throws, and a reward spec that returns NaN. */
public final class Faulty {

    private Faulty() {
    }

    /** Throws for a step whose input contains "boom"; keeps every other step. */
    public static final class ThrowingStrategy implements TrajectoryStrategy {
        @Override
        public boolean shouldCapture(TrajectoryItem item) {
            if (item.input().contains("boom")) {
                throw new IllegalStateException("this strategy cannot handle " + item.id());
            }
            return true;
        }
    }

    /** NaN for a step whose input contains "nan", else 1. */
    public static double nanReward(TrajectoryItem item) {
        return item.input().contains("nan") ? Double.NaN : 1.0;
    }
}
