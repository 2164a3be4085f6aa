package dev.orbiter.train.curation;

import dev.orbiter.train.synthesis.DedupKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbiter.train.avro.TrajectoryStep;
import dev.orbiter.train.client.avro.StepCodec;
import dev.orbiter.train.client.registry.RegistryClientConfig;
import dev.orbiter.train.client.registry.SchemaRegistryClient;
import dev.orbiter.train.testkit.AckedWrites;
import dev.orbiter.train.testkit.OrbiterStackExtension;
import dev.orbiter.train.testkit.OrbiterTestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly once through hard crashes, on the real broker (3 partitions) and registry: steps of
 * many tasks interleaved, with retried ids, exact and near duplicates; the curation JVM is killed
 * with SIGKILL mid-stream and restarted, three times. The committed dataset topic then holds every
 * expected item exactly once and nothing else. A second, group-aware dataset (groups of 4 spread
 * over tasks and partitions, a quarter of them with equal scores) meanwhile holds groups across the
 * kills: it ends with every candidate of every group with a learning signal exactly once, and no
 * candidate of the others.
 */
@ExtendWith(OrbiterStackExtension.class)
class CurationCrashIT {

    private final Random random = new Random(7);

    @Test
    void aKilledAndRestartedCurationLosesNothingAndDuplicatesNothing(OrbiterTestStack stack) throws Exception {
        // Given a curation with exact and near dedup and a minimum score, on fresh topics
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = config(stack, run);
        CurationSettings settings = CurationSettings.fromConfig(config);
        CurationTopics.ensure(settings, stack.bootstrapServers());
        DatasetReader reader = new DatasetReader(stack, settings.dataset("main").topic());
        DatasetReader groupReader = new DatasetReader(stack, settings.dataset("groups").topic());
        Corpus corpus = new Corpus();
        // verify runs -Dorbiter.faults.scale=45: 3 x 67,500 = 202,500 steps; scale 1 (an IDE run) sends 4,500
        int batch = 1500 * Integer.getInteger("orbiter.faults.scale", 1);
        List<TrajectoryStep> first = corpus.batch(batch, List.of());
        List<TrajectoryStep> second = corpus.batch(batch, first);
        List<TrajectoryStep> both = new java.util.ArrayList<>(first);
        both.addAll(second);
        List<TrajectoryStep> third = corpus.batch(batch, both);

        try (ChildCuration child = new ChildCuration(config, Path.of("target", run));
             KafkaProducer<String, TrajectoryStep> producer = producer(stack)) {
            // When each batch flows and the curation is killed mid-stream (SIGKILL), then restarted
            // at a random point of each batch (seed in every failure message; -Dorbiter.faults.seed=... repeats it)
            long seed = Long.getLong("orbiter.faults.seed", System.nanoTime());
            Random random = new Random(seed);
            String kills = "seed " + seed + ", kill points ";
            child.start();
            kills += killMidStream(child, reader, producer, settings, first, corpus, List.of(), random);
            kills += ", " + killMidStream(child, reader, producer, settings, second, corpus, first, random);
            kills += ", " + killMidStream(child, reader, producer, settings, third, corpus, both, random);
            String described = kills;
            List<ConsumerRecord<String, TrajectoryStep>> out = reader.readAll();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> groupReader.readAll().size() >= corpus.groupExpected().size());

            // Then every expected key is there exactly once, with the content it was derived from
            Map<String, Integer> perKey = new HashMap<>();
            for (ConsumerRecord<String, TrajectoryStep> r : out) {
                perKey.merge(r.key(), 1, Integer::sum);
                assertThat(r.key()).as(described).isEqualTo(DedupKeys.of(StepCodec.toItem(r.value()), List.of("input", "output")));
            }
            assertThat(perKey.keySet()).as(described).isEqualTo(corpus.expected());
            assertThat(perKey.values()).as(described).allMatch(n -> n == 1);
            assertThat(child.starts()).as(described).isEqualTo(4);
            Map<String, Integer> perCandidate = new HashMap<>();
            groupReader.readAll().forEach(r -> perCandidate.merge(r.key(), 1, Integer::sum));
            assertThat(perCandidate.keySet()).as(described + ": released group candidates").isEqualTo(corpus.groupExpected());
            assertThat(perCandidate.values()).as(described + ": each candidate once").allMatch(n -> n == 1);
        }
    }

    /**
     * Sends a batch, kills the child once a random share (10-90 %) of its new keys is curated,
     * restarts it and waits until all of it is. Returns the share, for failure messages.
     */
    private static String killMidStream(ChildCuration child, DatasetReader reader, KafkaProducer<String, TrajectoryStep> producer,
                                        CurationSettings settings, List<TrajectoryStep> batch, Corpus corpus,
                                        List<TrajectoryStep> earlier, Random random) throws Exception {
        int before = reader.readAll().size();
        send(producer, settings, batch);
        if (!earlier.isEmpty()) {
            corpus.addExpected(batch, earlier);
        }
        double share = 0.1 + 0.8 * random.nextDouble();
        int target = before + (int) ((corpus.expected().size() - before) * share);
        await().atMost(Duration.ofSeconds(120)).until(() -> reader.readAll().size() > Math.max(before, target));
        child.kill();
        child.start();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> reader.readAll().size() >= corpus.expected().size());
        return String.format("%.2f", share);
    }

    private Map<String, String> config(OrbiterTestStack stack, String run) {
        Map<String, String> c = IsolatedRun.config(stack.bootstrapServers(), stack.schemaRegistryUrl(), run);
        // the killed JVM's state stays where the next one (and a failing run's reader) finds it
        c.put("state.dir", Path.of("target", run, "state").toAbsolutePath().toString());
        c.put("commit.interval.ms", "200");
        c.put("session.timeout.ms", "6000");
        c.put("heartbeat.interval.ms", "1000");
        c.put("replication.factor", "1");
        c.put("orbiter.datasets.main.min-score", "0.5");
        c.put("orbiter.datasets.main.near-dedup.threshold", "0.8");
        c.put("orbiter.datasets.main.strategies", "agents=agent");
        // groups close only when full: the kills fall while groups are half held
        c.put("orbiter.datasets.groups.strategies", "agents=grouper");
        c.put("orbiter.datasets.groups.min-score", "0");
        c.put("orbiter.datasets.groups.dedup.key", "id");
        c.put("orbiter.datasets.groups.group.size", "4");
        c.put("orbiter.datasets.groups.group.close-after", "1h");
        c.put("orbiter.datasets.groups.group.filter", "zero-variance");
        return c;
    }

    private static KafkaProducer<String, TrajectoryStep> producer(OrbiterTestStack stack) {
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(stack.schemaRegistryUrl()));
        CurationSerdes serdes = CurationSerdes.of(registry, Map.of());
        return new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers(), "enable.idempotence", "true",
                "acks", "all", "linger.ms", "5"), new StringSerializer(), serdes.steps().serializer());
    }

    private static void send(KafkaProducer<String, TrajectoryStep> producer, CurationSettings s, List<TrajectoryStep> steps) {
        AckedWrites.sendAll(producer, steps.stream()
                .map(step -> new ProducerRecord<>(s.topics().steps().name(), step.getTaskId(), step)).toList());
    }

    /** Generated steps and the dataset keys they must produce. */
    private final class Corpus {
        private final Set<String> expected = new HashSet<>();
        private final Set<String> groupExpected = new HashSet<>();
        private final List<TrajectoryStep> groupSent = new ArrayList<>();
        private int next;
        private int groups;

        List<TrajectoryStep> batch(int n, List<TrajectoryStep> sentBefore) {
            // copies are made of the main dataset's steps; group candidates are resent by addGroups only
            List<TrajectoryStep> earlier = sentBefore.stream().filter(s -> !s.getAgentId().equals("grouper")).toList();
            List<TrajectoryStep> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(10);
                if (!earlier.isEmpty() && kind == 0) {
                    out.add(earlier.get(random.nextInt(earlier.size())));                 // a retry: same id
                } else if (!earlier.isEmpty() && kind == 1) {
                    TrajectoryStep e = earlier.get(random.nextInt(earlier.size()));      // same content, new id
                    out.add(TrajectoryStep.newBuilder(e).setId(id()).setTaskId("task-" + random.nextInt(60)).build());
                } else if (!earlier.isEmpty() && kind == 2) {
                    TrajectoryStep e = earlier.get(random.nextInt(earlier.size()));      // near copy, new prompt
                    out.add(TrajectoryStep.newBuilder(e).setId(id()).setInput(e.getInput() + " please").build());
                } else {
                    out.add(fresh(random.nextDouble() < 0.2 ? 0.1 : 0.9));
                }
            }
            if (earlier.isEmpty()) {
                addExpected(out, List.of());
            }
            addGroups(out, n / 40);
            return out;
        }

        /**
         * Groups of 4 candidates, each on its own task, at random places of the batch; every fourth
         * group scores 0.9 throughout (dropped for zero variance). Some earlier candidates are
         * resent with their ids: retries, which must not show twice.
         */
        private void addGroups(List<TrajectoryStep> batch, int count) {
            List<TrajectoryStep> resent = new ArrayList<>();
            for (int i = 0; i < count / 10 && !groupSent.isEmpty(); i++) {
                resent.add(groupSent.get(random.nextInt(groupSent.size())));
            }
            for (int g = 0; g < count; g++, groups++) {
                boolean constant = groups % 4 == 3;
                for (int c = 0; c < 4; c++) {
                    TrajectoryStep s = CurationDriver.step(id(), "task-" + random.nextInt(60), "group prompt " + groups,
                                    "candidate " + c, constant || c % 2 == 0 ? 0.9 : 0.1)
                            .setAgentId("grouper").setGroupId("g-" + groups).setTimestamp(java.time.Instant.now()).build();
                    groupSent.add(s);
                    if (!constant) {
                        groupExpected.add(DedupKeys.of(StepCodec.toItem(s), List.of("id")));
                    }
                    batch.add(random.nextInt(batch.size() + 1), s);
                }
            }
            resent.forEach(s -> batch.add(random.nextInt(batch.size() + 1), s));
        }

        Set<String> groupExpected() {
            return groupExpected;
        }

        /** Fresh items above the minimum score are expected; copies of earlier ones never are. */
        void addExpected(List<TrajectoryStep> batch, List<TrajectoryStep> earlier) {
            Set<String> earlierIds = new HashSet<>();
            earlier.forEach(s -> earlierIds.add(s.getId()));
            for (TrajectoryStep s : batch) {
                if (s.getScore() >= 0.5 && !earlierIds.contains(s.getId()) && s.getMetadata().containsKey("fresh")
                        && s.getInput().equals(s.getMetadata().get("fresh"))) {
                    expected.add(DedupKeys.of(StepCodec.toItem(s), List.of("input", "output")));
                }
            }
        }

        Set<String> expected() {
            return expected;
        }

        private TrajectoryStep fresh(double score) {
            StringBuilder input = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                input.append(w == 0 ? "" : " ").append("w").append(random.nextInt(100_000));
            }
            String in = input.toString();
            return CurationDriver.step(id(), "task-" + random.nextInt(60), in, "answer " + random.nextInt(1000), score)
                    .setStep(next).setTimestamp(java.time.Instant.now()).setMetadata(Map.of("fresh", in)).build();
        }

        private String id() {
            return String.format("%012x", next++);
        }
    }
}
