package dev.orbiter.train.client.capture;

import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.avro.CapturedCall;
import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.serde.AvroSerializer;
import dev.orbiter.train.trajectory.DefaultStrategy;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.trajectory.TrajectoryStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java SDK's way into Kafka: emits agent steps to {@code orbiter.steps} and late rewards to
 * {@code orbiter.rewards} as Avro in the Confluent wire format. Idempotent producer with
 * {@code acks=all}; the key is the task id, so every step of a task stays in order in one
 * partition. Each emit completes with the record's partition and offset once Kafka acknowledged
 * it. Thread-safe.
 *
 * <pre>{@code
 * try (TrajectoryEmitter emitter = TrajectoryEmitter.create(Map.of("bootstrap.servers", "localhost:9092",
 *         "schema.registry.url", "http://localhost:8080/apis/ccompat/v7"))) {
 *     emitter.emit(messages, "task-1", "agent-1", Map.of("score", 0.9)).toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class TrajectoryEmitter implements AutoCloseable {

    /** Where an emitted record landed. */
    public record Emitted(String id, String topic, int partition, long offset) {
    }

    /** Configuration key: the {@code source} stamped on steps (default {@code sdk}). */
    public static final String SOURCE = "orbiter.emitter.source";
    /** Configuration key: the tenant stamped on steps and rewards (default none). */
    public static final String TENANT = "orbiter.emitter.tenant";
    /** Configuration key: how many (task, agent) step counters to remember (default 100,000, LRU). */
    public static final String MAX_TRACKED = "orbiter.emitter.max-tracked-pairs";

    private final Producer<String, SpecificRecord> producer;
    private final String stepsTopic;
    private final String rewardsTopic;
    private final String callsTopic;
    private final TrajectoryStrategy strategy;
    private final String source;
    private final String tenant;
    private final StepCounters counters;
    private volatile AvroSerializer<SpecificRecord> values;

    TrajectoryEmitter(Producer<String, SpecificRecord> producer, Topics topics, TrajectoryStrategy strategy,
                      String source, String tenant, int maxTracked) {
        this.producer = producer;
        this.stepsTopic = topics.steps().name();
        this.rewardsTopic = topics.rewards().name();
        this.callsTopic = topics.capturedCalls().name();
        this.strategy = strategy;
        this.source = source;
        this.tenant = tenant;
        this.counters = new StepCounters(maxTracked);
    }

    /** An emitter from producer, serde and {@code orbiter.*} settings, with the default strategy. */
    public static TrajectoryEmitter create(Map<String, ?> config) {
        return create(config, new DefaultStrategy());
    }

    /** An emitter that builds message items with {@code strategy}. */
    public static TrajectoryEmitter create(Map<String, ?> config, TrajectoryStrategy strategy) {
        Map<String, Object> p = new HashMap<>(config);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "orbiter-emitter");
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(p, false);
        Map<String, String> strings = new HashMap<>();
        config.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        Producer<String, SpecificRecord> producer = new KafkaProducer<>(p, new StringSerializer(), values);
        TrajectoryEmitter emitter = new TrajectoryEmitter(producer, Topics.fromConfig(strings), strategy,
                strings.getOrDefault(SOURCE, "sdk"), strings.get(TENANT),
                Integer.parseInt(strings.getOrDefault(MAX_TRACKED, "100000")));
        emitter.values = values;
        return emitter;
    }

    /** Emits an item as it is. */
    public CompletionStage<Emitted> emit(TrajectoryItem item) {
        return emit(item, tenant);
    }

    /** Emits an item stamped with a tenant (the capture service stamps the caller's). */
    public CompletionStage<Emitted> emit(TrajectoryItem item, String tenantId) {
        Objects.requireNonNull(item, "item");
        TrajectoryStep step = StepCodec.toStep(item, source, tenantId);
        return send(new ProducerRecord<>(stepsTopic, step.getTaskId(), step), item.id());
    }

    /**
     * Builds an item from chat messages with the strategy and the (task, agent) pair's next step
     * counter, like {@code TrajectoryDataset.fromMessages}, and emits it. Options: {@code score},
     * {@code status}, {@code metadata}.
     */
    public CompletionStage<Emitted> emit(List<Map<String, Object>> messages, String taskId, String agentId,
                                         Map<String, Object> options) {
        return emit(build(messages, taskId, agentId, options));
    }

    /** The item {@link #emit(List, String, String, Map)} would send, taking the next step counter. */
    public TrajectoryItem build(List<Map<String, Object>> messages, String taskId, String agentId,
                                Map<String, Object> options) {
        String task = taskId == null ? "" : taskId;
        String agent = agentId == null ? "" : agentId;
        return strategy.buildItem(messages, task, agent, counters.next(task, agent), options == null ? Map.of() : options);
    }

    /**
     * The item built from chat messages with a step counter the caller gives (its own numbering,
     * or 0 for a call that something downstream numbers); this emitter's counters are not used.
     */
    public TrajectoryItem build(List<Map<String, Object>> messages, String taskId, String agentId, int step,
                                Map<String, Object> options) {
        return strategy.buildItem(messages, taskId == null ? "" : taskId, agentId == null ? "" : agentId, step,
                options == null ? Map.of() : options);
    }

    /** Emits a reward for a step that was emitted earlier (by id, or by task, agent and step). */
    public CompletionStage<Emitted> emitReward(RewardEvent reward) {
        return emitReward(reward, tenant);
    }

    /** Emits a reward stamped with a tenant (the capture service stamps the caller's). */
    public CompletionStage<Emitted> emitReward(RewardEvent reward, String tenantId) {
        Objects.requireNonNull(reward, "reward");
        RewardEvent stamped = tenantId == null ? reward : RewardEvent.newBuilder(reward).setTenant(tenantId).build();
        return send(new ProducerRecord<>(rewardsTopic, stamped.getTaskId(), stamped), stamped.getId());
    }

    /** Emits a reward for the step with this id. */
    public CompletionStage<Emitted> emitReward(String stepId, String taskId, double value, String rewardSource,
                                               String reason) {
        return emitReward(RewardEvent.newBuilder().setId(dev.orbiter.train.internal.Ids.newId()).setStepId(stepId)
                .setTaskId(taskId).setValue(value).setSource(rewardSource == null ? "" : rewardSource)
                .setReason(reason).setTimestamp(java.time.Instant.now()).build());
    }

    /**
     * Sends captured model calls and tool results (OTLP spans, gateway calls) to
     * {@code orbiter.captured-calls}, keyed by task; the curation's call assembly numbers them and
     * writes the steps. Completes when all are acknowledged (in order of the list).
     */
    public CompletionStage<List<Emitted>> emitCalls(List<CapturedCall> calls) {
        List<CompletableFuture<Emitted>> sent = new ArrayList<>(calls.size());
        for (CapturedCall call : calls) {
            sent.add(send(new ProducerRecord<>(callsTopic, call.getTaskId(), call), call.getId()).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]))
                .thenApply(done -> sent.stream().map(CompletableFuture::join).toList());
    }

    /** Sends every record, then completes when all are acknowledged (in order of the list). */
    public CompletionStage<List<Emitted>> emitAll(List<TrajectoryItem> items, String tenantId) {
        List<CompletableFuture<Emitted>> sent = new ArrayList<>(items.size());
        for (TrajectoryItem item : items) {
            sent.add(emit(item, tenantId).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]))
                .thenApply(done -> sent.stream().map(CompletableFuture::join).toList());
    }

    private CompletionStage<Emitted> send(ProducerRecord<String, SpecificRecord> record, String id) {
        CompletableFuture<Emitted> result = new CompletableFuture<>();
        try {
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(new Emitted(id, meta.topic(), meta.partition(), meta.offset()));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e); // serialisation or a full buffer: the caller sees it in the stage
        }
        return result;
    }

    /**
     * Registers the step, reward and captured-call schemas under their topics' subjects now (a service calls this
     * at startup): producers in other languages that only fetch the latest schema find them, and
     * the ids are cached, so a registry outage from then on does not stop this emitter.
     */
    public void registerSchemas() {
        AvroSerializer<SpecificRecord> v = values;
        if (v == null) {
            throw new IllegalStateException("this emitter was not created with its own serializer");
        }
        v.prepare(stepsTopic, TrajectoryStep.getClassSchema());
        v.prepare(rewardsTopic, RewardEvent.getClassSchema());
        v.prepare(callsTopic, CapturedCall.getClassSchema());
    }

    /**
     * How many schema ids the emitter holds (steps, rewards, captured calls: at most 3): while the registry is
     * down, records of those types are still sent, a first record of another type fails.
     */
    public int cachedSchemaIds() {
        AvroSerializer<SpecificRecord> v = values;
        return v == null ? 0 : v.cachedSchemaIds();
    }

    /** Sends whatever is buffered and waits for the acknowledgements. */
    public void flush() {
        producer.flush();
    }

    /** Flushes and closes, waiting at most {@code timeout} for outstanding records. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
