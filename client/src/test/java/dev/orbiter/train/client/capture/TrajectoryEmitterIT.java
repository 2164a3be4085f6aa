package dev.orbiter.train.client.capture;

import dev.orbiter.train.client.avro.StepCodecTest;
import dev.orbiter.train.client.avro.StepCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.serde.AvroDeserializer;
import dev.orbiter.train.client.serde.AvroSerdeConfig;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SDK against the real broker and registry: what it emits is on the topics, in the wire format. */
@ExtendWith(OrbiterStackExtension.class)
class TrajectoryEmitterIT {

    private OrbiterTestStack stack;
    private Map<String, Object> config;

    @BeforeEach
    void setUp(OrbiterTestStack stack) throws Exception {
        this.stack = stack;
        this.config = new HashMap<>();
        config.put("bootstrap.servers", stack.bootstrapServers());
        config.put(RegistryClientConfig.URL, stack.schemaRegistryUrl());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.ensure(admin, List.of(Topics.defaults().steps(), Topics.defaults().rewards()));
        }
    }

    <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> readAt(String topic,
            Class<T> type, TrajectoryEmitter.Emitted at, int count) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        AvroDeserializer<T> values = new AvroDeserializer<>();
        values.configure(c, false);
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                stack.bootstrapServers()), new StringDeserializer(), values)) {
            TopicPartition tp = new TopicPartition(topic, at.partition());
            consumer.assign(List.of(tp));
            consumer.seek(tp, at.offset());
            List<ConsumerRecord<String, T>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    @Test
    void givenAnItem_whenEmitted_thenItIsOnTheStepsTopicKeyedByTaskAndReadableWithOnlyTheRegistry() {
        TrajectoryItem item = StepCodecTest.richItem();
        try (TrajectoryEmitter emitter = TrajectoryEmitter.create(config)) {
            TrajectoryEmitter.Emitted at = emitter.emit(item).toCompletableFuture().join();

            assertThat(at.topic()).isEqualTo("orbiter.steps");
            ConsumerRecord<String, TrajectoryStep> record = readAt("orbiter.steps", TrajectoryStep.class, at, 1).get(0);
            assertThat(record.key()).isEqualTo("task-1");
            assertThat(record.value().getSource()).isEqualTo("sdk");
            assertThat(StepCodec.toItem(record.value())).isEqualTo(item);
        }
    }

    @Test
    void givenChatMessages_whenEmittedTwiceForATaskAndAgent_thenStepCountersAdvanceAndTheTaskStaysInOnePartition() {
        try (TrajectoryEmitter emitter = TrajectoryEmitter.create(config)) {
            List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", "2+2?"),
                    Map.of("role", "assistant", "content", "4"));
            TrajectoryEmitter.Emitted first = emitter.emit(messages, "task-m", "agent-1", Map.of("score", 1.0))
                    .toCompletableFuture().join();
            TrajectoryEmitter.Emitted second = emitter.emit(messages, "task-m", "agent-1", Map.of())
                    .toCompletableFuture().join();
            TrajectoryEmitter.Emitted other = emitter.emit(messages, "task-m", "agent-2", Map.of())
                    .toCompletableFuture().join();

            assertThat(second.partition()).isEqualTo(first.partition()).isEqualTo(other.partition());
            List<ConsumerRecord<String, TrajectoryStep>> records = readAt("orbiter.steps", TrajectoryStep.class, first, 3);
            assertThat(records).extracting(r -> r.value().getStep()).containsExactly(0, 1, 0);
            assertThat(records.get(0).value().getScore()).isEqualTo(1.0);
            assertThat(records.get(0).value().getOutput()).isEqualTo("4");
        }
    }

    @Test
    void givenALateReward_whenEmitted_thenItIsOnTheRewardsTopicStampedWithTheTenant() {
        Map<String, Object> tenantConfig = new HashMap<>(config);
        tenantConfig.put(TrajectoryEmitter.TENANT, "acme");
        try (TrajectoryEmitter emitter = TrajectoryEmitter.create(tenantConfig)) {
            TrajectoryEmitter.Emitted at = emitter.emitReward("step-9", "task-9", 0.75, "grader", "exact match")
                    .toCompletableFuture().join();

            RewardEvent reward = readAt("orbiter.rewards", RewardEvent.class, at, 1).get(0).value();
            assertThat(reward.getStepId()).isEqualTo("step-9");
            assertThat(reward.getValue()).isEqualTo(0.75);
            assertThat(reward.getTenant()).isEqualTo("acme");
            assertThat(reward.getReason()).isEqualTo("exact match");
        }
    }

    @Test
    void givenAKafkaDataset_whenItCaptures_thenEveryCaptureIsEmittedAndFlushWaitsForThem() {
        try (TrajectoryEmitter emitter = TrajectoryEmitter.create(config)) {
            KafkaTrajectoryDataset dataset = new KafkaTrajectoryDataset(emitter);
            TrajectoryEmitter.Emitted marker = emitter.emit(TrajectoryItem.builder().taskId("task-ds").input("m").build())
                    .toCompletableFuture().join();
            dataset.capture(TrajectoryItem.builder().taskId("task-ds").input("a").output("1").build());
            dataset.fromMessages(List.of(Map.of("role", "user", "content", "b")), "task-ds", "agent");
            dataset.flush();

            assertThat(dataset.size()).isEqualTo(2);
            assertThat(readAt("orbiter.steps", TrajectoryStep.class, marker, 3)).extracting(r -> r.value().getInput())
                    .containsExactly("m", "a", "b");
        }
    }

    @Test
    void givenAClosedEmitter_whenEmitting_thenTheStageFailsInsteadOfThrowing() {
        TrajectoryEmitter emitter = TrajectoryEmitter.create(config);
        emitter.close(Duration.ofSeconds(5));
        assertThatThrownBy(() -> emitter.emit(TrajectoryItem.builder().taskId("t").build()).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("closed");
    }
}
