package dev.orbiter.train.synthesis;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The AUGMENT strategy: until {@code numSamples} items exist, picks a random source item and
 * applies a random augmentation: swap input/output, or character noise at
 * {@code extra.noise_level} (default 0.1).
 */
public final class AugmentSynthesiser implements DataSynthesiser {

    @Override
    public List<TrajectoryItem> synthesise(List<TrajectoryItem> source, SynthesisConfig config) {
        if (source.isEmpty()) {
            return List.of();
        }
        Object level = config.extra().getOrDefault("noise_level", 0.1);
        double noise = level instanceof Number ? ((Number) level).doubleValue() : Double.parseDouble(level.toString());
        Random rng = Synthesis.random(config.seed());
        List<TrajectoryItem> out = new ArrayList<>(config.numSamples());
        while (out.size() < config.numSamples()) {
            TrajectoryItem item = source.get(rng.nextInt(source.size()));
            if (rng.nextBoolean()) {
                out.add(Synthesis.augmentSwapIo(item));
            } else {
                out.add(Synthesis.augmentAddNoise(List.of(item), noise, rng.nextLong()).get(0));
            }
        }
        return out;
    }
}
