package dev.orbiter.train.curation;

import static dev.orbiter.train.curation.CurationDriver.reward;
import static dev.orbiter.train.curation.CurationDriver.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.RewardEvent;
import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each curation rule, one behaviour a test, on the topology in a TopologyTestDriver. */
@ExtendWith(OrbiterStackExtension.class)
class CurationTopologyTest {

    private static final String D = "orbiter.datasets.math.";

    @Test
    void strategiesKeepOnlyMatchingStepsAndCountTheRest() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "strategies", "status=success,agents=solver|checker,"
                + "output-length=1..5,clamp-reward=0..1"))) {
            t.send(step("s1", "t1", "2+2", "4", 3.0).setAgentId("solver").build());
            t.send(step("s2", "t1", "2+3", "5", 0.5).setAgentId("other").build());
            t.send(step("s3", "t2", "2+4", "6", 0.5).setAgentId("solver").setStatus("error").build());
            t.send(step("s4", "t2", "2+5", "seven!", 0.5).setAgentId("checker").build());

            List<TrajectoryStep> out = t.dataset("math").readValuesToList();
            assertThat(out).extracting(TrajectoryStep::getId).containsExactly("s1");
            assertThat(out.get(0).getScore()).as("clamped").isEqualTo(1.0);
            assertThat(t.count(CurationNames.filterCounts("math"), Counts.SEEN)).isEqualTo(4);
            assertThat(t.count(CurationNames.filterCounts("math"), Counts.FILTERED)).isEqualTo(3);
        }
    }

    @Test
    void stepsBelowTheMinimumScoreAreDroppedAndCounted() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "min-score", "0.7"))) {
            t.send(step("hi", "t1", "a", "b", 0.9).build());
            t.send(step("lo", "t1", "c", "d", 0.2).build());
            t.send(step("edge", "t1", "e", "f", 0.7).build());

            assertThat(t.dataset("math").readValuesToList()).extracting(TrajectoryStep::getId)
                    .containsExactly("hi", "edge");
            assertThat(t.count(CurationNames.filterCounts("math"), Counts.BELOW_MIN_SCORE)).isEqualTo(1);
        }
    }

    @Test
    void rewardSpecsComputeTheScoreWhenTheStepHasNone() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "rewards", Rewards.class.getName() + "#exact",
                D + "min-score", "0.5", "orbiter.curation.wait-for-reward", "none"))) {
            t.send(step("right", "t1", "2+2", "4", null).build());
            t.send(step("wrong", "t2", "2+2", "5", null).build());

            List<TrajectoryStep> out = t.dataset("math").readValuesToList();
            assertThat(out).extracting(TrajectoryStep::getId).containsExactly("right");
            assertThat(out.get(0).getScore()).isEqualTo(1.0);
            assertThat(out.get(0).getMetadata()).containsEntry("reward_source", "spec");
        }
    }

    @Test
    void aRepeatedStepIdIsNeverASecondRecord() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "min-score", "0"))) {
            TrajectoryStep s = step("same", "t1", "q", "a", 1.0).build();
            t.send(s);
            t.send(s);
            t.send(TrajectoryStep.newBuilder(s).setAttempt(1).build());

            assertThat(t.dataset("math").readValuesToList()).hasSize(1);
            assertThat(t.count(CurationNames.COUNTS_STORE, Counts.DUPLICATE_IDS)).isEqualTo(2);
        }
    }

    @Test
    void stepsWithTheSameDedupKeyAreKeptOnceUnderThatKey() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "min-score", "0"))) {
            t.send(step("a", "t1", "What is 2+2?", "4", 1.0).build());
            t.send(step("b", "t2", "What is 2+2?", "4", 1.0).build());
            t.send(step("c", "t3", "What is 2+2?", "5", 0.0).build());

            List<KeyValue<String, TrajectoryStep>> out = t.dataset("math").readKeyValuesToList();
            assertThat(out).extracting(kv -> kv.value.getId()).containsExactly("a", "c");
            assertThat(out.get(0).key).hasSize(32).isNotEqualTo(out.get(1).key);
            assertThat(t.count(CurationNames.dedupCounts("math"), Counts.DUPLICATES)).isEqualTo(1);
        }
    }

    @Test
    void nearDuplicatesAcrossPromptsAreDroppedButAGroupsCandidatesAreKept() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "near-dedup.threshold", "0.8"))) {
            String q = "please compute the sum of the numbers twelve and thirty and explain each step";
            t.send(step("a", "t1", q, "the answer is 42", 1.0).build());
            // another prompt, nearly the same text: a near duplicate
            t.send(step("b", "t2", q + " carefully", "the answer is 42", 1.0).build());
            // a second candidate of the first prompt (same input = same group): kept
            t.send(step("c", "t1", q, "the answer is 42 indeed", 0.5).build());
            // a different prompt: kept
            t.send(step("d", "t3", "name three colours of the rainbow", "red orange yellow", 1.0).build());

            assertThat(t.dataset("math").readValuesToList()).extracting(TrajectoryStep::getId)
                    .containsExactly("a", "c", "d");
            assertThat(t.count(CurationNames.dedupCounts("math"), Counts.NEAR_DUPLICATES)).isEqualTo(1);
        }
    }

    @Test
    void anUnscoredStepWaitsForItsRewardWithinTheGracePeriod() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "min-score", "0", "orbiter.curation.reward-grace", "5s"))) {
            t.send(step("s1", "t1", "q", "a", null).build());
            t.advance(Duration.ofSeconds(2));
            assertThat(t.dataset("math").isEmpty()).as("still waiting").isTrue();

            t.send(reward("r1", "s1", "t1", 0.8));

            List<TrajectoryStep> out = t.dataset("math").readValuesToList();
            assertThat(out).singleElement().satisfies(s -> {
                assertThat(s.getScore()).isEqualTo(0.8);
                assertThat(s.getMetadata()).containsEntry("reward_source", "reward").containsEntry("reward_event_id", "r1");
            });
            t.advance(Duration.ofSeconds(10));
            assertThat(t.dataset("math").isEmpty()).as("emitted once").isTrue();
        }
    }

    @Test
    void afterTheGracePeriodAStepGoesOnWithTheFallbackAndALateRewardReplacesIt() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "strategies", "", "orbiter.curation.reward-grace", "5s",
                "orbiter.curation.fallback-score", "0.1"))) {
            t.send(step("s1", "t1", "q", "a", null).build());
            t.advance(Duration.ofSeconds(6));
            List<KeyValue<String, TrajectoryStep>> first = t.dataset("math").readKeyValuesToList();
            assertThat(first).singleElement().satisfies(kv -> {
                assertThat(kv.value.getScore()).isEqualTo(0.1);
                assertThat(kv.value.getMetadata()).containsEntry("reward_source", "fallback");
            });

            t.send(reward("r1", "s1", "t1", 0.9));

            List<KeyValue<String, TrajectoryStep>> second = t.dataset("math").readKeyValuesToList();
            assertThat(second).singleElement().satisfies(kv -> {
                assertThat(kv.key).as("same key: compaction keeps the newer").isEqualTo(first.get(0).key);
                assertThat(kv.value.getScore()).isEqualTo(0.9);
            });
            assertThat(t.count(CurationNames.filterCounts("math"), Counts.LATE_REWARDS_APPLIED)).isEqualTo(1);
        }
    }

    @Test
    void aScoredStepEmittedAtOnceIsReEmittedByALateRewardWithEverythingElseAsItArrived() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "strategies", ""))) {
            TrajectoryStep sent = step("s1", "t1", "q", "a", 0.6).setMetadata(Map.of("origin", "sdk")).build();
            t.send(sent);
            TrajectoryStep first = t.dataset("math").readValue();
            assertThat(first.getMetadata()).containsEntry("reward_source", "step").containsEntry("origin", "sdk");

            t.send(reward("r1", "s1", "t1", 0.8));
            t.send(reward("r2", "s1", "t1", 0.95));

            List<TrajectoryStep> updates = t.dataset("math").readValuesToList();
            assertThat(updates).extracting(TrajectoryStep::getScore).containsExactly(0.8, 0.95);
            TrajectoryStep last = updates.get(1);
            assertThat(last.getMetadata()).containsEntry("reward_source", "reward").containsEntry("reward_event_id", "r2")
                    .containsEntry("origin", "sdk");
            assertThat(TrajectoryStep.newBuilder(last).setScore(sent.getScore()).setMetadata(sent.getMetadata()).build())
                    .as("every other field as it arrived").isEqualTo(sent);
        }
    }

    @Test
    void aRewardThatArrivesBeforeItsStepIsAppliedWhenTheStepComes() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "strategies", ""))) {
            t.send(RewardEvent.newBuilder(reward("r1", null, "t1", 0.7)).setAgentId("agent").setStep(3).build());
            t.send(step("s1", "t1", "q", "a", null).setStep(3).build());

            assertThat(t.dataset("math").readValuesToList()).singleElement()
                    .satisfies(s -> assertThat(s.getScore()).isEqualTo(0.7));
            assertThat(t.count(CurationNames.COUNTS_STORE, Counts.REWARDS_EARLY)).isEqualTo(1);
        }
    }

    @Test
    void aLateRewardThatDropsAStepBelowTheMinimumRemovesItFromTheDataset() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "min-score", "0.5"))) {
            t.send(step("s1", "t1", "q", "a", 0.9).build());
            String key = t.dataset("math").readKeyValue().key;

            t.send(reward("r1", "s1", "t1", 0.1));

            TestRecord<String, TrajectoryStep> tombstone = t.dataset("math").readRecord();
            assertThat(tombstone.key()).isEqualTo(key);
            assertThat(tombstone.value()).isNull();
            assertThat(t.count(CurationNames.dedupCounts("math"), Counts.RETRACTED)).isEqualTo(1);
        }
    }

    @Test
    void poisonPillsGoToTheDeadLetterTopicWithHeadersAndTheRestIsCurated() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "strategies", ""))) {
            t.steps.pipeInput("t1", "not avro".getBytes(StandardCharsets.UTF_8));
            t.steps.pipeInput("t1", new byte[] {0, 0x7f, 0x7f, 0x7f, 0x70, 1, 2}); // unknown schema id
            t.send(step("bad", "", "q", "a", 1.0).build());                       // fails validation
            t.send(step("good", "t1", "q", "a", 1.0).build());

            List<TestRecord<byte[], byte[]>> dead = t.dlq.readRecordsToList();
            assertThat(dead).hasSize(3);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            Headers h = dead.get(0).headers();
            assertThat(header(h, DeadLetter.TOPIC)).isEqualTo("orbiter.steps");
            assertThat(header(h, DeadLetter.PARTITION)).isEqualTo("0");
            assertThat(header(h, DeadLetter.OFFSET)).isEqualTo("0");
            assertThat(header(h, DeadLetter.EXCEPTION)).contains("SerializationException");
            assertThat(header(dead.get(1).headers(), DeadLetter.OFFSET)).isEqualTo("1");
            assertThat(header(dead.get(2).headers(), DeadLetter.REASON)).contains("task_id is blank");
            assertThat(t.dataset("math").readValuesToList()).extracting(TrajectoryStep::getId).containsExactly("good");
            assertThat(t.count(CurationNames.COUNTS_STORE, Counts.DEAD_LETTER_STEPS)).isEqualTo(3);
        }
    }

    @Test
    void aStepWhoseOwnClockIsSkewedCarriesItsRecordTimestampNotItsOwn() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "strategies", ""))) {
            java.time.Instant recordTime = CurationDriver.START.minusSeconds(30);
            TrajectoryStep future = step("s1", "t1", "q", "a", 1.0).setTimestamp(CurationDriver.START.plusSeconds(86_400 * 365))
                    .build();
            t.steps.pipeInput("t1", t.serdes.steps().serializer().serialize("orbiter.steps", future), recordTime);

            TestRecord<String, TrajectoryStep> out = t.dataset("math").readRecord();
            assertThat(out.getRecordTime()).isEqualTo(recordTime);
            assertThat(out.value().getTimestamp()).as("the step itself is unchanged").isEqualTo(future.getTimestamp());
        }
    }

    @Test
    void stepsAndKeysAreForgottenAfterTheirRetentionSoStateStaysBounded() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "dedup.retention", "1h",
                "orbiter.curation.step-retention", "1h"))) {
            TrajectoryStep s = step("s1", "t1", "q", "a", 1.0).build();
            t.send(s);
            t.advance(Duration.ofMinutes(30));
            t.send(s);
            assertThat(t.count(CurationNames.COUNTS_STORE, Counts.DUPLICATE_IDS)).as("within retention").isEqualTo(1);

            t.advance(Duration.ofHours(2)); // sweeps run on the wall-clock punctuator
            t.send(s);

            assertThat(t.count(CurationNames.COUNTS_STORE, Counts.DUPLICATE_IDS)).as("forgotten").isEqualTo(1);
            assertThat(t.count(CurationNames.dedupCounts("math"), Counts.EMITTED)).isEqualTo(2);
            assertThat(t.dataset("math").readValuesToList()).hasSize(2);
        }
    }

    @Test
    void everyProcessorStoreAndTopicHasAnExplicitName() {
        try (CurationDriver t = new CurationDriver(Map.of(D + "near-dedup.threshold", "0.9",
                "orbiter.datasets.code.min-score", "0.5"))) {
            String description = CurationTopology.build(t.settings, t.serdes, CurationTopology.defaults()
                    ).describe().toString();
            assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-")
                    .contains(CurationNames.REWARD_JOIN, CurationNames.dedupStore("code"),
                            CurationNames.repartition("math") + "-repartition", "orbiter.dataset.math");
        }
    }

    private static String header(Headers h, String name) {
        return new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Rewards named in configuration by class#method. */
    public static final class Rewards {
        public static double exact(dev.orbiter.train.trajectory.TrajectoryItem item) {
            return "4".equals(item.output()) ? 1.0 : 0.0;
        }
    }
}
