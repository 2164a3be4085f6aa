package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationNames.*;


import dev.orbiter.train.avro.TrajectoryStep;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the curation topology (a pure function of its settings; no Quarkus):
 * <pre>
 * orbiter.steps ─▶ steps placement ─▶ steps-decode ─┐                    ┌▶ dlq-sink (orbiter.dlq.stream-processor)
 * orbiter.rewards ─▶ rewards placement ─▶ rewards-decode ┴▶ decoded-merge ─▶ split
 *                                                      └▶ reward-join ─▶ dataset-&lt;d&gt;-filter
 *   ─▶ repartition by dedup key (dataset-&lt;d&gt;-dedup) ─▶ dataset-&lt;d&gt;-dedup-process ─▶ orbiter.dataset.&lt;d&gt;
 *   (a group-aware dataset: ─▶ repartition by prompt group (dataset-&lt;d&gt;-group) ─▶ dataset-&lt;d&gt;-group-process ─▶)
 *   (an episode dataset: reward-join ─▶ dataset-&lt;d&gt;-episode-process ─▶ dataset-&lt;d&gt;-filter ...)
 * orbiter.captured-calls ─▶ captured-calls-decode ─▶ call-assembly ─▶ orbiter.steps   ({@link CallAssemblyProcessor})
 * </pre>
 * The placement ({@link TaskPlacement}) moves records that a non-murmur2 producer put on another
 * partition than their task's, so the join is right for any partitioner and partition counts.
 * Every processor, store and repartition topic is named in {@link CurationNames}.
 */
public final class CurationTopology {

    private CurationTopology() {
    }

    /** The topology; {@code streamsConfig} is used for build-time checks such as explicit naming. */
    public static Topology build(CurationSettings settings, CurationSerdes serdes, Properties streamsConfig) {
        StreamsBuilder b = new StreamsBuilder();
        Serde<TrajectoryStep> steps = serdes.steps();
        b.addStateStore(cached(settings, COUNTS_STORE, Serdes.Long()));
        b.addStateStore(store(settings, STEPS_STORE, StoredStep.serde(steps)));
        b.addStateStore(store(settings, COUNTER_INDEX_STORE, Serdes.String()));
        b.addStateStore(store(settings, EARLY_REWARDS_STORE, serdes.rewards()));
        b.addStateStore(Stores.keyValueStoreBuilder(supplier(settings, TIMERS_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled());

        int partitions = settings.topics().steps().partitions();
        KStream<String, Incoming> decodedSteps = TaskPlacement.byTask(b, settings.topics().steps().name(), STEPS_SOURCE,
                        STEPS, partitions)
                .process(() -> DecodeProcessor.steps(steps.deserializer(), settings), Named.as(STEPS_DECODE),
                        COUNTS_STORE);
        KStream<String, Incoming> decodedRewards = TaskPlacement.byTask(b, settings.topics().rewards().name(),
                        REWARDS_SOURCE, REWARDS, partitions)
                .process(() -> DecodeProcessor.rewards(serdes.rewards().deserializer(), settings),
                        Named.as(REWARDS_DECODE),
                        COUNTS_STORE);
        Map<String, KStream<String, Incoming>> split = decodedSteps.merge(decodedRewards, Named.as(DECODED_MERGE))
                .split(Named.as(SPLIT))
                .branch((k, v) -> v.isDead(), Branched.as(DEAD_BRANCH))
                .defaultBranch(Branched.as(VALID_BRANCH));
        split.get(SPLIT + DEAD_BRANCH).process(() -> new DeadLetterProcessor<>(Incoming::deadLetter), Named.as(DLQ_ENCODE))
                .to(settings.topics().dlq(DLQ_APPLICATION).name(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(DLQ_SINK));

        KStream<String, TrajectoryStep> joined = split.get(SPLIT + VALID_BRANCH).process(
                () -> new RewardJoinProcessor(settings), Named.as(REWARD_JOIN),
                STEPS_STORE, COUNTER_INDEX_STORE, EARLY_REWARDS_STORE, TIMERS_STORE, COUNTS_STORE);
        for (DatasetDefinition d : settings.datasets()) {
            addDataset(b, settings, d, joined, steps);
        }
        if (settings.calls().enabled()) {
            addCallAssembly(b, settings, serdes);
        }
        return b.build(streamsConfig);
    }

    /**
     * Captured calls ─▶ decode ─▶ call assembly ─▶ orbiter.steps: a sub-topology of its own (own
     * stores), whose steps come back in through the steps source like any producer's.
     */
    private static void addCallAssembly(StreamsBuilder b, CurationSettings settings, CurationSerdes serdes) {
        b.addStateStore(store(settings, CALL_TASKS_STORE, serdes.callTasks()));
        b.addStateStore(Stores.keyValueStoreBuilder(supplier(settings, CALL_TIMERS_STORE), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingEnabled());
        b.addStateStore(cached(settings, CALL_COUNTS_STORE, Serdes.Long()));
        Map<String, KStream<String, Incoming>> split = b.stream(settings.topics().capturedCalls().name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(CALLS_SOURCE))
                .process(() -> DecodeProcessor.calls(serdes.calls().deserializer(), settings), Named.as(CALLS_DECODE),
                        CALL_COUNTS_STORE)
                .split(Named.as(CALLS_SPLIT))
                .branch((k, v) -> v.isDead(), Branched.as(DEAD_BRANCH))
                .defaultBranch(Branched.as(VALID_BRANCH));
        split.get(CALLS_SPLIT + DEAD_BRANCH)
                .process(() -> new DeadLetterProcessor<>(Incoming::deadLetter), Named.as(CALLS_DLQ_ENCODE))
                .to(settings.topics().dlq(DLQ_APPLICATION).name(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(CALLS_DLQ_SINK));
        split.get(CALLS_SPLIT + VALID_BRANCH)
                .process(() -> new CallAssemblyProcessor(settings.calls(), settings.punctuateInterval()),
                        Named.as(CALL_ASSEMBLY), CALL_TASKS_STORE, CALL_TIMERS_STORE, CALL_COUNTS_STORE)
                .to(settings.topics().steps().name(), Produced.with(Serdes.String(), serdes.steps()).withName(CALL_STEPS_SINK));
    }

    private static void addDataset(StreamsBuilder b, CurationSettings settings, DatasetDefinition d,
                                   KStream<String, TrajectoryStep> joined, Serde<TrajectoryStep> steps) {
        String name = d.name();
        b.addStateStore(cached(settings, filterCounts(name), Serdes.Long()));
        b.addStateStore(store(settings, dedupStore(name), DedupEntry.serde()));
        b.addStateStore(cached(settings, dedupCounts(name), Serdes.Long()));
        KStream<String, TrajectoryStep> input = d.ofEpisodes() ? addEpisodes(b, settings, d, joined, steps) : joined;
        // The filter encodes each kept step once, for the dataset topic's subject; the same bytes
        // cross the repartition topic and are written to the dataset topic as they are.
        Map<String, KStream<String, Filtered>> filtered = input.process(() -> new DatasetFilterProcessor(d,
                        steps.serializer(), RegistryWait.of(settings.registryWait()), settings.topics().steps().name()),
                        Named.as(filter(name)), filterCounts(name))
                .split(Named.as(filterSplit(name)))
                .branch((k, v) -> v.isDead(), Branched.as(DEAD_BRANCH))
                .defaultBranch(Branched.as(VALID_BRANCH));
        filtered.get(filterSplit(name) + DEAD_BRANCH)
                .process(() -> new DeadLetterProcessor<>(Filtered::deadLetter), Named.as(filterDlqEncode(name)))
                .to(settings.topics().dlq(DLQ_APPLICATION).name(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(filterDlqSink(name)));
        KStream<String, byte[]> curated = filtered.get(filterSplit(name) + VALID_BRANCH)
                .mapValues(Filtered::bytes, Named.as(filterKept(name)))
                .repartition(Repartitioned.<String, byte[]>as(repartition(name))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray())
                        .withNumberOfPartitions(d.dedupPartitions()))
                .process(() -> new DedupProcessor(d, steps.deserializer(), settings.punctuateInterval()),
                        Named.as(dedup(name)), dedupStore(name), dedupCounts(name));
        if (d.grouped()) {
            curated = addGroups(b, settings, d, curated, steps);
        }
        curated.to(d.topic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(sink(name)));
    }

    /**
     * An episode dataset: the joined steps (keyed by task, so an episode's steps share a partition)
     * become episodes before the dataset's filter ({@link EpisodeProcessor}).
     */
    private static KStream<String, TrajectoryStep> addEpisodes(StreamsBuilder b, CurationSettings settings,
                                                               DatasetDefinition d, KStream<String, TrajectoryStep> joined,
                                                               Serde<TrajectoryStep> steps) {
        String name = d.name();
        b.addStateStore(store(settings, episodeStore(name), steps));
        b.addStateStore(store(settings, episodeState(name), Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(supplier(settings, episodeTimers(name)), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingEnabled());
        b.addStateStore(cached(settings, episodeCounts(name), Serdes.Long()));
        return joined.process(() -> new EpisodeProcessor(d, settings.punctuateInterval()), Named.as(episode(name)),
                episodeStore(name), episodeState(name), episodeTimers(name), episodeCounts(name));
    }

    /**
     * A group-aware dataset: the deduplicated steps, keyed by prompt group, cross one more
     * repartition to the stage that holds and releases whole groups ({@link GroupProcessor}).
     */
    private static KStream<String, byte[]> addGroups(StreamsBuilder b, CurationSettings settings, DatasetDefinition d,
                                                     KStream<String, byte[]> deduplicated, Serde<TrajectoryStep> steps) {
        String name = d.name();
        b.addStateStore(store(settings, groupStore(name), Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(supplier(settings, groupTimers(name)), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled());
        b.addStateStore(cached(settings, groupCounts(name), Serdes.Long()));
        return deduplicated.repartition(Repartitioned.<String, byte[]>as(groupRepartition(name))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray())
                        .withNumberOfPartitions(d.dedupPartitions()))
                .process(() -> new GroupProcessor(d, steps.deserializer(), settings.punctuateInterval()),
                        Named.as(group(name)), groupStore(name), groupTimers(name), groupCounts(name));
    }

    /**
     * A store without the record cache: its keys are unique per record (step ids, dedup keys), so
     * the cache would only add sorted-map work to every write.
     */
    private static <V> StoreBuilder<?> store(CurationSettings settings, String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(supplier(settings, name), Serdes.String(), values);
    }

    /** A store with the record cache: hot keys (counters) are written to the changelog once per commit. */
    private static <V> StoreBuilder<?> cached(CurationSettings settings, String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(supplier(settings, name), Serdes.String(), values).withCachingEnabled();
    }

    private static KeyValueBytesStoreSupplier supplier(CurationSettings settings, String name) {
        return settings.storeType() == CurationSettings.StoreType.MEMORY ? Stores.inMemoryKeyValueStore(name)
                : Stores.persistentKeyValueStore(name);
    }

    /** The Streams settings the topology is meant to run with, before the caller's own. */
    public static Properties defaults() {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        // The join's task reads steps, rewards and the two by-task repartition topics, which are empty
        // for murmur2 producers. With the default (0) the task asks for their end offsets before it
        // processes anything; -1 processes what is there. The join does not need cross-topic timestamp
        // order (early rewards wait, late ones re-emit), so this costs no correctness.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        // A step becomes up to five sends (repartition, dataset, three changelogs); with the
        // producer's 16 KB default a batch holds about a dozen steps, and the broker's request
        // handling then costs more than the sends. 256 KB batches gave 1.3x the curation's and the
        // pass-through's throughput in bench/ (same run); latency is bounded by the commit interval anyway.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        // Streams' own producer default is linger.ms=100, the commit interval: a step's sends then
        // wait in the buffer until the commit flushes them all at once, and the commit (which a
        // read_committed reader waits for, twice per step) takes that flush longer. At 20 ms they
        // reach the broker during the interval: p50 178 ms against 198, p99 247 against 275 at
        // 5,000 steps/s, and the same curation throughput within the run-to-run spread (bench/).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20");
        return p;
    }
}
