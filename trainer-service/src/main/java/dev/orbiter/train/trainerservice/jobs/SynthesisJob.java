package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.avro.SynthesisJobConfig;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.synthesis.SynthesisConfig;
import dev.orbiter.train.synthesis.SynthesisPipeline;
import dev.orbiter.train.synthesis.SynthesisResult;
import dev.orbiter.train.synthesis.SynthesisStrategy;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A {@code synthesis} job: the synthesis pipeline (template, augment, or an OpenAI-compatible LLM)
 * over the snapshot; the new items, tagged with the job, go to a dataset topic
 * ({@code <dataset>.synthetic} unless the job names one) so they flow back into training.
 */
final class SynthesisJob {

    private SynthesisJob() {
    }

    static SynthesisConfig config(TrainingJob job, Map<String, String> serviceDefaults) {
        SynthesisJobConfig c = job.getConfig().getSynthesis() != null ? job.getConfig().getSynthesis()
                : SynthesisJobConfig.newBuilder().build();
        Map<String, Object> extra = new LinkedHashMap<>(serviceDefaults);
        extra.putAll(job.getConfig().getExtra());
        return SynthesisConfig.builder().strategy(SynthesisStrategy.fromValue(c.getStrategy()))
                .numSamples(c.getNumSamples()).trainRatio(c.getTrainRatio()).minScore(c.getMinScore())
                .dedupThreshold(c.getDedupThreshold()).seed(c.getSeed()).extra(extra).build();
    }

    /** The target dataset's name. */
    static String target(TrainingJob job) {
        SynthesisJobConfig c = job.getConfig().getSynthesis();
        return c != null && c.getTargetDataset() != null ? c.getTargetDataset() : job.getDataset() + ".synthetic";
    }

    static void run(TrainingJob job, List<TrajectoryItem> items, JobEvents events, Map<String, String> serviceDefaults,
                    BiConsumer<String, List<TrajectoryItem>> sink) {
        events.status("validated", "strategy " + config(job, serviceDefaults).strategy().value());
        events.status("training", "synthesising from " + items.size() + " items");
        SynthesisResult result = new SynthesisPipeline(config(job, serviceDefaults)).run(items);
        List<TrajectoryItem> tagged = new ArrayList<>();
        for (TrajectoryItem item : result.items()) {
            Map<String, Object> md = new LinkedHashMap<>(item.metadata());
            md.put("synthetic", true);
            md.put("synthesis_job", job.getJobId());
            tagged.add(item.withMetadata(md));
        }
        sink.accept(target(job), tagged);
        Map<String, Object> m = new LinkedHashMap<>(result.metadata());
        m.put("written", tagged.size());
        m.put("train_count", result.trainCount());
        m.put("test_count", result.testCount());
        events.metrics("final", 0, 0, Metrics.numeric(m));
    }
}
