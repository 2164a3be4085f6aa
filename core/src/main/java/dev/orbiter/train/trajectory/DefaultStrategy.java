package dev.orbiter.train.trajectory;

/**
 * The strategy with every default: builds items from messages the standard way, keeps every
 * captured item unchanged. Datasets use it when no strategy is given.
 */
public class DefaultStrategy implements TrajectoryStrategy {

    /** The shared instance; {@code new DefaultStrategy()} behaves the same. */
    public static final DefaultStrategy INSTANCE = new DefaultStrategy();
}
