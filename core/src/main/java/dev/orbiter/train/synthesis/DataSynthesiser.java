package dev.orbiter.train.synthesis;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.List;

/**
 * Makes new training items from source items: the pluggable step of a {@link SynthesisPipeline}
 * (templates, augmentation, an LLM, or a user's own generator).
 */
@FunctionalInterface
public interface DataSynthesiser {

    List<TrajectoryItem> synthesise(List<TrajectoryItem> source, SynthesisConfig config);
}
