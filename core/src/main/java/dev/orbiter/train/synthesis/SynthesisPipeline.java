package dev.orbiter.train.synthesis;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns curated items into more training data: score filter, dedup on {@code input} (exact or
 * near-duplicate), synthesis (one synthesiser, or the guide's chain of steps where each step's
 * output feeds the next) and a seeded train/test split. The trainer service runs it for
 * synthesis jobs and as the SYNTHESIS phase of evolution.
 */
public class SynthesisPipeline {

    private final SynthesisConfig config;
    private final DataSynthesiser synthesiser;
    private final List<DataSynthesiser> steps = new ArrayList<>();

    /** Default config and the strategy's synthesiser. */
    public SynthesisPipeline() {
        this(SynthesisConfig.defaults());
    }

    /** This config and its strategy's synthesiser. */
    public SynthesisPipeline(SynthesisConfig config) {
        this(config, null);
    }

    /** This config and this synthesiser (null: the strategy's own). */
    public SynthesisPipeline(SynthesisConfig config, DataSynthesiser synthesiser) {
        this.config = config == null ? SynthesisConfig.defaults() : config;
        this.synthesiser = synthesiser != null ? synthesiser : forStrategy(this.config);
    }

    private static DataSynthesiser forStrategy(SynthesisConfig config) {
        switch (config.strategy()) {
            case AUGMENT:
                return new AugmentSynthesiser();
            case LLM:
                return LlmSynthesiser.fromConfig(config);
            case TEMPLATE:
            default:
                return new TemplateSynthesiser();
        }
    }

    public SynthesisConfig config() {
        return config;
    }

    /** The synthesisers that run: the added steps in order, or else the single synthesiser. */
    public synchronized List<DataSynthesiser> synthesisers() {
        return steps.isEmpty() ? List.of(synthesiser) : List.copyOf(steps);
    }

    /** The guide's chain: adds a step; with steps, each step's output feeds the next. */
    public synchronized SynthesisPipeline addStep(DataSynthesiser step) {
        steps.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    /** Filter, dedup, synthesise and split. */
    public SynthesisResult run(List<TrajectoryItem> source) {
        List<TrajectoryItem> filtered = config.minScore() == null ? source
                : Synthesis.filterByScore(source, config.minScore());
        List<TrajectoryItem> deduped = config.dedupThreshold() == null ? Synthesis.deduplicate(filtered)
                : Synthesis.deduplicate(filtered, config.dedupThreshold());
        if (deduped.isEmpty()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("source_count", source.size());
            metadata.put("filtered", true);
            return new SynthesisResult(List.of(), List.of(), List.of(), metadata);
        }
        List<TrajectoryItem> synthesised = deduped;
        for (DataSynthesiser s : synthesisers()) {
            synthesised = Objects.requireNonNull(s.synthesise(synthesised, config),
                    () -> s.getClass().getName() + ".synthesise returned null");
        }
        Synthesis.Split split = Synthesis.splitDataset(synthesised, config.trainRatio(), config.seed());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source_count", source.size());
        metadata.put("after_filter", filtered.size());
        metadata.put("after_dedup", deduped.size());
        metadata.put("synthesised", synthesised.size());
        metadata.put("strategy", config.strategy().value());
        return new SynthesisResult(synthesised, split.train(), split.test(), metadata);
    }

    @Override
    public String toString() {
        return "SynthesisPipeline(strategy=" + config.strategy().value() + ", numSamples=" + config.numSamples()
                + ", steps=" + steps.size() + ")";
    }
}
