package dev.orbiter.train.curation;

import dev.orbiter.train.synthesis.DedupKeys;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.capture.StepCodec;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.RewardSpec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One dataset's stateless rules: the strategy chain ({@code shouldCapture}, then
 * {@code process}), the score from reward specs, and the minimum score. A kept step goes on
 * keyed by its dedup key, so the next stage sees every copy of a key in one partition. A
 * re-emitted step (late reward) that no longer qualifies goes on as a retraction, so the dataset
 * can drop the version it already holds.
 */
final class DatasetFilterProcessor extends ContextualProcessor<String, TrajectoryStep, String, byte[]> {

    private final DatasetDefinition dataset;
    private final RewardFunction reward;
    private final Serializer<TrajectoryStep> serializer;
    private final RegistryWait registryWait;
    private KeyValueStore<String, Long> counts;

    DatasetFilterProcessor(DatasetDefinition dataset, Serializer<TrajectoryStep> serializer, RegistryWait registryWait) {
        this.dataset = dataset;
        this.serializer = serializer;
        this.registryWait = registryWait;
        this.reward = dataset.rewards().isEmpty() ? null : RewardSpec.combine(dataset.rewards());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        super.init(context);
        counts = context.getStateStore(CurationNames.filterCounts(dataset.name()));
    }

    @Override
    public void process(Record<String, TrajectoryStep> record) {
        TrajectoryStep step = record.value();
        boolean update = record.headers().lastHeader(CurationNames.UPDATE_HEADER) != null;
        Counts.add(counts, Counts.SEEN, 1);
        TrajectoryItem original = StepCodec.toItem(step);
        TrajectoryItem item = original;
        for (DatasetDefinition.NamedStrategy s : dataset.strategies()) {
            if (!s.strategy().shouldCapture(item)) {
                Counts.add(counts, Counts.FILTERED, 1);
                retractIfUpdate(record, update, "filtered by " + s.spec());
                return;
            }
            item = s.strategy().process(item);
        }
        item = scored(item);
        if (dataset.minScore() != null && (item.score() == null || item.score() < dataset.minScore())) {
            Counts.add(counts, Counts.BELOW_MIN_SCORE, 1);
            retractIfUpdate(record, update, "score " + item.score() + " below " + dataset.minScore());
            return;
        }
        if (update) {
            Counts.add(counts, Counts.LATE_REWARDS_APPLIED, 1);
        }
        // unchanged by strategies and scoring (the usual case): the step goes on as it came
        TrajectoryStep out = item == original ? step
                : StepCopies.with(StepCopies.with(StepCodec.toStep(item, step.getSource(), step.getTenant()),
                        "attempt", step.getAttempt()), "group_id", step.getGroupId());
        context().forward(new Record<>(DedupKeys.of(item, dataset.dedupFields()), encode(out), record.timestamp(),
                record.headers()));
    }

    /** Encoded for the dataset topic's subject (the bytes end up there unchanged). */
    private byte[] encode(TrajectoryStep step) {
        return registryWait.call(() -> serializer.serialize(dataset.topic(), step),
                () -> "cannot encode step " + step.getId() + " for dataset topic " + dataset.topic());
    }

    private TrajectoryItem scored(TrajectoryItem item) {
        if (reward == null || (dataset.scoreMode() == DatasetDefinition.ScoreMode.IF_MISSING && item.score() != null
                && !"fallback".equals(item.metadata().get(RewardJoinProcessor.REWARD_SOURCE)))) {
            return item;
        }
        double score = reward.score(item);
        java.util.Map<String, Object> md = new java.util.LinkedHashMap<>(item.metadata());
        md.put(RewardJoinProcessor.REWARD_SOURCE, "spec");
        return item.toBuilder().score(score).metadata(md).build();
    }

    private void retractIfUpdate(Record<String, TrajectoryStep> record, boolean update, String why) {
        if (update) {
            RecordHeaders h = new RecordHeaders();
            h.add(CurationNames.RETRACT_HEADER, why.getBytes(StandardCharsets.UTF_8));
            TrajectoryItem item = StepCodec.toItem(record.value());
            context().forward(new Record<>(DedupKeys.of(item, dataset.dedupFields()), encode(record.value()),
                    record.timestamp(), h));
        }
    }
}
