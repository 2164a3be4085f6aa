package dev.orbiter.train.curation;

import dev.orbiter.train.client.avro.StepCopies;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.synthesis.DedupKeys;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.RewardSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dataset's stateless rules: the strategy chain ({@code shouldCapture}, then
 * {@code process}), the score from reward specs, and the minimum score. A kept step goes on
 * keyed by its dedup key, so the next stage sees every copy of a key in one partition. A
 * re-emitted step (late reward) that no longer qualifies goes on as a retraction, so the dataset
 * can drop the version it already holds.
 *
 * <p>Strategies and reward specs are user code: when one throws, or a reward spec returns NaN or
 * an infinity, the step goes to the DLQ (reason {@code processing}, with the dataset and the
 * stage) and is counted, and the records around it are curated. Rethrowing would kill the stream
 * thread, and its replacement would meet the same record again, forever. A registry outage is
 * the one failure that is not the record's fault: it still waits and retries.
 */
final class DatasetFilterProcessor extends ContextualProcessor<String, TrajectoryStep, String, Filtered> {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetFilterProcessor.class);

    private final DatasetDefinition dataset;
    private final RewardFunction reward;
    private final Serializer<TrajectoryStep> serializer;
    private final RegistryWait registryWait;
    private final String stepsTopic;
    /** {@code strategy:<spec>} of each strategy, built once: the stage is set for every record. */
    private final String[] strategyStages;
    /** {@link DatasetDefinition#tenants()}, parsed once. */
    private final java.util.Set<String> tenants;
    private KeyValueStore<String, Long> counts;
    private String stage;

    DatasetFilterProcessor(DatasetDefinition dataset, Serializer<TrajectoryStep> serializer, RegistryWait registryWait,
                           String stepsTopic) {
        this.dataset = dataset;
        this.serializer = serializer;
        this.registryWait = registryWait;
        this.stepsTopic = stepsTopic;
        this.reward = dataset.rewards().isEmpty() ? null : RewardSpec.combine(dataset.rewards());
        this.strategyStages = dataset.strategies().stream().map(n -> "strategy:" + n.spec()).toArray(String[]::new);
        this.tenants = dataset.tenants();
    }

    @Override
    public void init(ProcessorContext<String, Filtered> context) {
        super.init(context);
        counts = context.getStateStore(CurationNames.filterCounts(dataset.name()));
    }

    @Override
    public void process(Record<String, TrajectoryStep> record) {
        Counts.add(counts, Counts.SEEN, 1);
        stage = "decode";
        try {
            curate(record);
        } catch (RegistryUnavailableException e) {
            throw e; // not the record's fault: the thread is replaced and the record retried
        } catch (RuntimeException e) {
            deadLetter(record, e);
        }
    }

    private void curate(Record<String, TrajectoryStep> record) {
        TrajectoryStep step = record.value();
        if (!tenants.isEmpty() && (step.getTenant() == null || !tenants.contains(step.getTenant()))) {
            // not even a retraction: the key may belong to a step of a bound tenant
            Counts.add(counts, Counts.OTHER_TENANT, 1);
            return;
        }
        boolean update = record.headers().lastHeader(CurationNames.UPDATE_HEADER) != null;
        TrajectoryItem original = StepCodec.toItem(step);
        TrajectoryItem item = original;
        List<DatasetDefinition.NamedStrategy> strategies = dataset.strategies();
        for (int i = 0; i < strategies.size(); i++) {
            DatasetDefinition.NamedStrategy s = strategies.get(i);
            stage = strategyStages[i];
            if (!s.strategy().shouldCapture(item)) {
                Counts.add(counts, Counts.FILTERED, 1);
                retractIfUpdate(record, update, "filtered by " + s.spec());
                return;
            }
            item = s.strategy().process(item);
        }
        if (dataset.tokens() != null) {
            stage = "tokens";
            boolean prompt = dataset.tokens().promptTooLong(item);
            if (prompt || dataset.tokens().responseTooLong(item)) {
                Counts.add(counts, prompt ? Counts.OVER_PROMPT_TOKENS : Counts.OVER_RESPONSE_TOKENS, 1);
                retractIfUpdate(record, update, (prompt ? "prompt" : "response") + " over its token limit");
                return;
            }
        }
        stage = "reward";
        item = scored(item);
        if (dataset.minScore() != null && (item.score() == null || item.score() < dataset.minScore())) {
            Counts.add(counts, Counts.BELOW_MIN_SCORE, 1);
            retractIfUpdate(record, update, "score " + item.score() + " below " + dataset.minScore());
            return;
        }
        stage = "encode";
        // unchanged by strategies and scoring (the usual case): the step goes on as it came
        TrajectoryStep out = item == original ? step
                : StepCopies.with(StepCopies.with(StepCodec.toStep(item, step.getSource(), step.getTenant()),
                        "attempt", step.getAttempt()), "group_id", step.getGroupId());
        Record<String, Filtered> kept = new Record<>(DedupKeys.of(item, dataset.dedupFields()),
                Filtered.kept(encode(out)), record.timestamp(), record.headers());
        if (update) {
            Counts.add(counts, Counts.LATE_REWARDS_APPLIED, 1);
        }
        context().forward(kept);
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
        if (!Double.isFinite(score)) {
            throw new ArithmeticException("the reward specs " + dataset.rewards() + " returned " + score + " for step "
                    + item.id() + "; a score must be a finite number");
        }
        java.util.Map<String, Object> md = new java.util.LinkedHashMap<>(item.metadata());
        md.put(RewardJoinProcessor.REWARD_SOURCE, "spec");
        return item.toBuilder().score(score).metadata(md).build();
    }

    private void retractIfUpdate(Record<String, TrajectoryStep> record, boolean update, String why) {
        if (update) {
            stage = "retract";
            RecordHeaders h = new RecordHeaders();
            h.add(CurationNames.RETRACT_HEADER, why.getBytes(StandardCharsets.UTF_8));
            TrajectoryItem item = StepCodec.toItem(record.value());
            context().forward(new Record<>(DedupKeys.of(item, dataset.dedupFields()), Filtered.kept(encode(record.value())),
                    record.timestamp(), h));
        }
    }

    /** The step as it reached this dataset, encoded as a step of {@code orbiter.steps}, so it can be replayed after a fix. */
    private void deadLetter(Record<String, TrajectoryStep> record, RuntimeException e) {
        TrajectoryStep step = record.value();
        // The step's own record when it is known: not when a timer or a reward released it, or it was moved
        PlacementProcessor.Origin o = PlacementProcessor.origin(record.headers(), context().recordMetadata().orElse(null));
        if (!o.topic().equals(stepsTopic)) {
            o = new PlacementProcessor.Origin(stepsTopic, -1, -1);
        }
        LOG.warn("dataset {}: step {} failed at stage {} and goes to the DLQ: {}", dataset.name(), step.getId(), stage,
                e.toString());
        Counts.add(counts, Counts.PROCESSING_ERRORS, 1);
        byte[] value = registryWait.call(() -> serializer.serialize(stepsTopic, step),
                () -> "cannot encode step " + step.getId() + " for the dead-letter topic");
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        context().forward(record.withKey(record.key()).withValue(Filtered.dead(new DeadLetter(key, value,
                record.headers(), DeadLetter.PROCESSING, e, o.topic(), o.partition(), o.offset(), dataset.name(), stage))));
    }
}
