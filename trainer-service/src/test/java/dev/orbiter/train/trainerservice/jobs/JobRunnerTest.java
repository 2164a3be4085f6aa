package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.client.http.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbiter.train.avro.EvolutionJobConfig;
import dev.orbiter.train.avro.JobConfig;
import dev.orbiter.train.avro.SynthesisJobConfig;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.avro.VeRLJobConfig;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.local.ArithmeticTask;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each job kind run by the plain runner on the arithmetic benchmark's items, events kept in memory. */
class JobRunnerTest {

    static final List<TrajectoryItem> ITEMS = ArithmeticTask.generate(3000, 0, 4, 11).train();

    @TempDir
    Path dir;

    static VeRLJobConfig grpo(int epochs) {
        return VeRLJobConfig.newBuilder().setAlgorithm("grpo").setEpochs(epochs).setBatchSize(32).setLearningRate(0.05)
                .setRolloutBatchSize(8).setPpoEpochs(2).setKlCoeff(0.001).setTestRatio(0.2).setSeed(7L).build();
    }

    static TrainingJob job(String id, String kind, JobConfig config) {
        return TrainingJob.newBuilder().setJobId(id).setKind(kind).setDataset("math").setConfig(config)
                .setSubmittedAt(Instant.now()).build();
    }

    @Test
    void aGrpoJobTrainsThenEvaluatesOnHeldOutGroupsAndEndsCompleted() {
        RecordedEvents events = new RecordedEvents();
        TrainingJob job = job("j1", "verl", JobConfig.newBuilder().setVerl(grpo(6)).build());

        new JobRunner(dir, Map.of(), (d, i) -> { }).run(accepted(job), ITEMS, events);

        assertThat(events.states()).containsExactly("validated", "training", "completed");
        List<RecordedEvents.Metric> steps = events.phase("train");
        assertThat(steps).hasSizeGreaterThan(20);
        assertThat(steps).extracting(RecordedEvents.Metric::step).doesNotHaveDuplicates();
        double first = steps.get(0).metrics().get("critic/score/mean");
        double last = steps.get(steps.size() - 1).metrics().get("critic/score/mean");
        assertThat(last).isGreaterThan(first + 0.3);
        assertThat(events.phase("eval")).singleElement()
                .satisfies(e -> assertThat(e.metrics().get("eval/accuracy")).isGreaterThanOrEqualTo(0.8));
    }

    @Test
    void aLocalPolicyEvolutionReportsEveryEpochAndImproves() {
        RecordedEvents events = new RecordedEvents();
        TrainingJob job = job("e1", "evolution", JobConfig.newBuilder().setVerl(grpo(1))
                .setEvolution(EvolutionJobConfig.newBuilder().setMaxEpochs(3).setSeed(3L).build()).build());

        new JobRunner(dir, Map.of(), (d, i) -> { }).run(accepted(job), ITEMS, events);

        assertThat(events.states()).containsExactly("validated", "training", "completed");
        List<RecordedEvents.Metric> epochs = events.phase("epoch");
        assertThat(epochs).extracting(RecordedEvents.Metric::step).containsExactly(0L, 1L, 2L);
        assertThat(epochs.get(2).metrics().get("eval_accuracy")).isGreaterThan(epochs.get(0).metrics().get("eval_accuracy"));
        assertThat(events.phase("train")).extracting(RecordedEvents.Metric::step).doesNotHaveDuplicates();
    }

    @Test
    void aPopulationEvolutionOfHyperParametersKeepsTheBestCandidate() {
        RecordedEvents events = new RecordedEvents();
        TrainingJob job = job("p1", "evolution", JobConfig.newBuilder().setVerl(grpo(1))
                .setEvolution(EvolutionJobConfig.newBuilder().setStrategy("hyperparameters").setPopulationSize(3)
                        .setMaxEpochs(2).setSeed(5L).build()).build());

        new JobRunner(dir, Map.of(), (d, i) -> { }).run(accepted(job), ITEMS.subList(0, 4000), events);

        assertThat(events.states()).last().isEqualTo("completed");
        assertThat(events.phase("epoch")).hasSize(2).allSatisfy(e ->
                assertThat(e.metrics()).containsKeys("best_score", "mean_score", "population_size"));
        assertThat(events.phase("final")).singleElement().satisfies(f ->
                assertThat(f.metrics()).containsKeys("best/learning_rate", "best/clip_range", "best/kl_coeff"));
    }

    @Test
    void aSynthesisJobWritesTaggedItemsToTheSyntheticDataset() {
        RecordedEvents events = new RecordedEvents();
        Map<String, List<TrajectoryItem>> written = new HashMap<>();
        TrainingJob job = job("s1", "synthesis", JobConfig.newBuilder().setSynthesis(SynthesisJobConfig.newBuilder()
                .setStrategy("augment").setNumSamples(50).setSeed(1L).build()).build());

        new JobRunner(dir, Map.of(), written::put).run(accepted(job), ITEMS.subList(0, 200), events);

        assertThat(events.states()).last().isEqualTo("completed");
        assertThat(written).containsOnlyKeys("math.synthetic");
        assertThat(written.get("math.synthetic")).hasSize(50)
                .allSatisfy(i -> assertThat(i.metadata()).containsEntry("synthetic", true).containsEntry("synthesis_job", "s1"));
    }

    @Test
    void aCancelledJobEndsFailedWithTheReason() throws Exception {
        RecordedEvents events = new RecordedEvents();
        TrainingJob job = job("c1", "verl", JobConfig.newBuilder().setVerl(grpo(500)).build());
        Thread t = new Thread(() -> new JobRunner(dir, Map.of(), (d, i) -> { }).run(accepted(job), ITEMS, events));
        t.start();
        while (events.phase("train").isEmpty()) {
            Thread.onSpinWait();
        }

        t.interrupt();
        t.join(30_000);

        assertThat(events.statuses).last().satisfies(s -> {
            assertThat(s.state()).isEqualTo("failed");
            assertThat(s.message()).contains("cancelled");
        });
    }

    @Test
    void anEmptySnapshotOrAnUnknownRewardFailsWithAReason() {
        RecordedEvents empty = new RecordedEvents();
        new JobRunner(dir, Map.of(), (d, i) -> { }).run(accepted(job("x", "verl", JobConfig.newBuilder().build())),
                new ArrayList<>(), empty);
        assertThat(empty.statuses).singleElement().satisfies(s -> assertThat(s.message()).contains("has no items"));

        TrainingJob bad = TrainingJob.newBuilder(job("y", "verl", JobConfig.newBuilder().build()))
                .setRewardSpecs(List.of("nope")).build();
        assertThat(JobValidation.problems(bad)).extracting(Problem::reason)
                .anySatisfy(r -> assertThat(r).contains("unknown reward 'nope'"));
        List<Problem> problems = new ArrayList<>();
        assertThat(AcceptedJob.accept(bad, problems)).as("not accepted").isNull();
        assertThat(problems).extracting(Problem::field).contains("reward_specs");
    }

    /** A job as the service hands it to the runner: validated, its reward specs resolved. */
    private static AcceptedJob accepted(TrainingJob job) {
        List<Problem> problems = new ArrayList<>();
        AcceptedJob a = AcceptedJob.accept(job, problems);
        assertThat(problems).as("the test's job is valid").isEmpty();
        return a;
    }
}
