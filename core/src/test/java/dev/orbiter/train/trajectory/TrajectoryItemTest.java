package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrajectoryItemTest {

    @Test
    void defaultsMatchTheContract() {
        Instant before = Instant.now().minusSeconds(1);
        TrajectoryItem item = TrajectoryItem.builder().build();
        assertThat(item.id()).matches("[0-9a-f]{12}");
        assertThat(item.taskId()).isEmpty();
        assertThat(item.agentId()).isEmpty();
        assertThat(item.step()).isZero();
        assertThat(item.timestamp()).isAfter(before);
        assertThat(item.input()).isEmpty();
        assertThat(item.messages()).isEmpty();
        assertThat(item.context()).isEmpty();
        assertThat(item.output()).isEmpty();
        assertThat(item.toolCalls()).isEmpty();
        assertThat(item.score()).isNull();
        assertThat(item.status()).isEqualTo("success");
        assertThat(item.metadata()).isEmpty();
        assertThat(TrajectoryItem.builder().build().id()).isNotEqualTo(item.id());
    }

    @Test
    void guideAliasesMapToStateActionReward() {
        TrajectoryItem item = TrajectoryItem.builder().state("s").action("a").reward(0.5).build();
        assertThat(item.input()).isEqualTo("s");
        assertThat(item.output()).isEqualTo("a");
        assertThat(item.score()).isEqualTo(0.5);
        assertThat(item.state()).isEqualTo("s");
        assertThat(item.action()).isEqualTo("a");
        assertThat(item.reward()).isEqualTo(0.5);
        TrajectoryItem of = TrajectoryItem.of("s1", "a1", 0.7);
        assertThat(List.of(of.input(), of.output())).containsExactly("s1", "a1");
        assertThat(of.score()).isEqualTo(0.7);
    }

    @Test
    void collectionsAreDeepImmutableCopies() {
        Map<String, Object> nested = new HashMap<>(Map.of("k", 1));
        Map<String, Object> metadata = new HashMap<>(Map.of("nested", nested));
        List<Map<String, Object>> messages = new ArrayList<>(List.of(new HashMap<>(Map.of("role", "user"))));
        TrajectoryItem item = TrajectoryItem.builder().metadata(metadata).messages(messages).build();
        nested.put("k", 2);
        metadata.put("other", true);
        messages.clear();
        assertThat(item.metadata()).isEqualTo(Map.of("nested", Map.of("k", 1)));
        assertThat(item.messages()).hasSize(1);
        assertThatThrownBy(() -> item.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) item.metadata().get("nested");
        assertThatThrownBy(() -> inner.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> item.messages().add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withCopiesLeaveTheOriginalUnchanged() {
        TrajectoryItem item = TrajectoryItem.of("s", "a", 0.1);
        TrajectoryItem rescored = item.withScore(0.9);
        assertThat(rescored.score()).isEqualTo(0.9);
        assertThat(item.score()).isEqualTo(0.1);
        assertThat(rescored.id()).isEqualTo(item.id());
        assertThat(item.withScore(null).score()).isNull();
        assertThat(item.withMetadata(Map.of("a", "b")).metadata()).containsEntry("a", "b");
        assertThat(item.toBuilder().build()).isEqualTo(item).hasSameHashCodeAs(item);
    }

    @Test
    void toMapUsesSnakeCaseKeysInFieldOrderAndEpochSeconds() {
        Instant ts = Instant.parse("2026-01-02T03:04:05.123456Z");
        TrajectoryItem item = TrajectoryItem.builder().id("abc").taskId("t").agentId("a").step(2).timestamp(ts)
                .score(0.5).build();
        Map<String, Object> map = item.toMap();
        assertThat(map.keySet()).containsExactly("id", "task_id", "agent_id", "step", "timestamp", "input",
                "messages", "context", "output", "tool_calls", "score", "status", "metadata");
        assertThat((double) map.get("timestamp")).isCloseTo(ts.getEpochSecond() + 0.123456, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(map.get("task_id")).isEqualTo("t");
        assertThat(TrajectoryItem.fromMap(map)).isEqualTo(item);
    }

    @Test
    void fromMapDefaultsMissingKeysAndIgnoresUnknownOnes() {
        TrajectoryItem item = TrajectoryItem.fromMap(Map.of("input", "q", "unknown", 42));
        assertThat(item.input()).isEqualTo("q");
        assertThat(item.id()).matches("[0-9a-f]{12}");
        assertThat(item.status()).isEqualTo("success");
    }

    @Test
    void fromMapRejectsWrongTypesNamingTheKey() {
        assertThatThrownBy(() -> TrajectoryItem.fromMap(Map.of("step", "three")))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("'step'");
        assertThatThrownBy(() -> TrajectoryItem.fromMap(Map.of("score", "high")))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("'score'");
        assertThatThrownBy(() -> TrajectoryItem.fromMap(Map.of("metadata", List.of())))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("'metadata'");
        assertThatThrownBy(() -> TrajectoryItem.fromMap(Map.of("messages", List.of("hi"))))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("'messages[0]'");
        assertThatThrownBy(() -> TrajectoryItem.fromMap(Map.of("task_id", 7)))
                .isInstanceOf(TrajectoryError.class).hasMessageContaining("'task_id'");
    }

    @Test
    void nonFiniteScoresAreRejected() {
        assertThatThrownBy(() -> TrajectoryItem.builder().score(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score");
    }

    @Test
    void fromMapAcceptsIsoTimestamps() {
        TrajectoryItem item = TrajectoryItem.fromMap(Map.of("timestamp", "2026-01-02T03:04:05Z"));
        assertThat(item.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void numbersAreNormalisedLikeAJsonParserReturnsThem() {
        TrajectoryItem item = TrajectoryItem.builder().metadata(Map.of("small", 0L, "big", 1L << 40, "f", 1.5f)).build();
        assertThat(item.metadata().get("small")).isEqualTo(0);
        assertThat(item.metadata().get("big")).isEqualTo(1L << 40);
        assertThat(item.metadata().get("f")).isEqualTo(1.5);
    }
}
