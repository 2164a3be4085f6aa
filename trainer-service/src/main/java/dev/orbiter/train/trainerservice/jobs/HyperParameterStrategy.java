package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.verl.RewardSpec;
import dev.orbiter.train.evolution.EvolutionStrategy;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.VeRLConfig;
import dev.orbiter.train.verl.VeRLTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Population-mode evolution of trainer hyper-parameters: a candidate is a learning rate, clip
 * range and KL coefficient; its score is the held-out accuracy of a fresh LOCAL run with them on
 * the training split. A candidate carried into the next generation unchanged is not trained again
 * (runs are deterministic per seed, so its score would not change).
 */
final class HyperParameterStrategy implements EvolutionStrategy<HyperParameterStrategy.Candidate> {

    /** One set of hyper-parameters. */
    record Candidate(double learningRate, double clipRange, double klCoeff) {
        Map<String, Object> asMetrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("best/learning_rate", learningRate);
            m.put("best/clip_range", clipRange);
            m.put("best/kl_coeff", klCoeff);
            return m;
        }
    }

    private final VeRLConfig base;
    private final List<TrajectoryItem> heldOut;
    private final List<RewardSpec> rewards;
    private final Map<Candidate, Double> scores = new ConcurrentHashMap<>();

    HyperParameterStrategy(VeRLConfig base, List<TrajectoryItem> heldOut, List<RewardSpec> rewards, Path workDir) {
        this.base = base.toBuilder().outputDir("").build(); // candidates keep no checkpoints
        this.heldOut = heldOut;
        this.rewards = rewards;
    }

    List<Candidate> initialPopulation(int size, Random rng) {
        List<Candidate> out = new ArrayList<>();
        Candidate first = new Candidate(base.learningRate(), base.clipRange(), base.klCoeff());
        out.add(first);
        while (out.size() < size) {
            out.add(mutate(first, rng));
        }
        return out;
    }

    @Override
    public List<TrajectoryItem> synthesise(Candidate agent, List<TrajectoryItem> data, int epoch) {
        return List.of();
    }

    @Override
    public double train(Candidate agent, List<TrajectoryItem> data, int epoch) {
        // Population mode trains inside evaluate and never calls this; a 0.0 here would be a loss nobody measured.
        throw new UnsupportedOperationException("hyper-parameter candidates are trained inside evaluate");
    }

    @Override
    public double evaluate(Candidate c, List<TrajectoryItem> data, int epoch) {
        return scores.computeIfAbsent(c, k -> {
            VeRLConfig config = base.toBuilder().learningRate(k.learningRate()).clipRange(k.clipRange())
                    .klCoeff(k.klCoeff()).build();
            VeRLTrainer trainer = new VeRLTrainer(config, rewards);
            trainer.checkDataset(data, null);
            trainer.checkConfig(null);
            trainer.markValidated();
            trainer.train();
            return trainer.evaluate(heldOut).accuracy();
        });
    }

    @Override
    public Candidate mutate(Candidate c, Random rng) {
        double lr = c.learningRate() * Math.exp(rng.nextGaussian() * 0.7);
        double clip = Math.max(0.05, Math.min(0.5, c.clipRange() + rng.nextGaussian() * 0.05));
        double kl = Math.max(0.0, c.klCoeff() * Math.exp(rng.nextGaussian() * 0.7));
        return new Candidate(lr, clip, kl);
    }
}
