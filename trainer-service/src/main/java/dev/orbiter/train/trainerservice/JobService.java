package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.registry.SchemaCatalogue;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.trainerservice.jobs.JobRunner;
import dev.orbiter.train.trainerservice.jobs.JobValidation;
import dev.orbiter.train.trainerservice.jobs.Rewards;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.RewardSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs jobs: accepts them from {@code orbiter.training.jobs} (see {@link JobIntake}), runs them on a
 * bounded pool, cancels them, and at start recovers the jobs a previous run left unfinished
 * (resumed from their LOCAL checkpoint when they have one, else marked failed): no job is ever
 * left RUNNING forever.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    @Inject
    TrainerKafka kafka;

    @Inject
    TrainerConfig config;

    private JobView view;
    private ExecutorService pool;
    private JobRunner runner;
    private DatasetReader reader;
    private DatasetSnapshots snapshots;
    private JobIntake intake;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** A job on the pool. */
    static final class Running {
        final TrainingJob job;
        final RewardFunction reward;
        volatile Future<?> future;
        volatile boolean started;

        Running(TrainingJob job) {
            this.job = job;
            this.reward = job.getRewardSpecs().isEmpty() ? null : RewardSpec.combine(Rewards.resolve(job.getRewardSpecs()));
        }
    }

    void start(@Observes @Priority(10) StartupEvent ev) throws InterruptedException {
        List<TopicSpec> topics = List.of(kafka.topics().trainingJobs(), kafka.topics().trainingStatus(),
                kafka.topics().trainingMetrics(), kafka.topics().datasetSnapshots());
        TopicAdmin.ensure(kafka.admin(), topics);
        SchemaCatalogue.registerAtStartup(kafka.registry(), topics);
        Path work = Path.of(config.workDir());
        runner = new JobRunner(work, synthesisDefaults(), new SyntheticItems(kafka)::write);
        reader = new DatasetReader(Map.of("bootstrap.servers", kafka.bootstrapServers()), kafka.registry(),
                config.snapshotTimeout());
        snapshots = new DatasetSnapshots(kafka.admin(), Map.of("bootstrap.servers", kafka.bootstrapServers()),
                kafka.registry(), kafka.topics(), config.snapshotTimeout());
        pool = Executors.newFixedThreadPool(config.workers(), r -> new Thread(r, "orbiter-job"));
        view = new JobView(kafka, config.metricsPerJob());
        view.start();
        if (!view.awaitCaughtUp(config.startupReadTimeout())) {
            throw new IllegalStateException("could not read the job topics within " + config.startupReadTimeout());
        }
        recover();
        intake = new JobIntake(kafka, this, config.workers());
        intake.start();
    }

    public JobView view() {
        return view;
    }

    /** Whether the service can take jobs: the view has been read and the intake runs. */
    public boolean ready() {
        return intake != null && intake.alive();
    }

    /** Called by the intake for each job record; returns once the job is accepted (or refused). */
    boolean accept(TrainingJob job) {
        JobView.Job known = view.job(job.getJobId());
        if (running.containsKey(job.getJobId()) || known != null && !known.statuses().isEmpty()) {
            LOG.infof("job %s already handled (%s); not run again", job.getJobId(), known == null ? "running" : known.state());
            return false;
        }
        view.track(job.getJobId()).spec = job;
        KafkaJobEvents events = events(job.getJobId(), job.getKind(), null, -1);
        events.status("created", "dataset " + job.getDataset()
                + (job.getSnapshotId() == null ? ", snapshot taken at start" : ", snapshot " + job.getSnapshotId()));
        var problems = JobValidation.problems(job);
        if (!problems.isEmpty()) {
            events.status("failed", problems.stream().map(p -> p.field() + ": " + p.reason())
                    .collect(Collectors.joining("; ")));
            return false;
        }
        submit(job, events, false);
        return true;
    }

    private KafkaJobEvents events(String id, String kind, String lastState, long floor) {
        return new KafkaJobEvents(id, kind, kafka, lastState, floor, () -> stopping);
    }

    /** Cancels a running job; false when it is not running here. */
    public boolean cancel(String jobId) {
        Running r = running.get(jobId);
        if (r == null || r.future == null) {
            return false;
        }
        if (r.future.cancel(true) && !r.started) {
            running.remove(jobId);
            events(jobId, r.job.getKind(), "created", -1).status("failed", "cancelled before it started");
            intake.release();
        }
        return true;
    }

    /** The reward function of a running job, for the VeRL reward bridge. */
    public RewardFunction rewardOf(String jobId) {
        Running r = running.get(jobId);
        return r == null ? null : r.reward;
    }

    private void submit(TrainingJob job, KafkaJobEvents events, boolean resumed) {
        if (!resumed) {
            clean(Path.of(config.workDir(), job.getJobId())); // a new job never resumes another's checkpoint
        }
        Running r = new Running(job);
        running.put(job.getJobId(), r);
        r.future = pool.submit(() -> {
            r.started = true;
            try {
                List<TrajectoryItem> items = items(job, resumed);
                runner.run(job, items, events);
            } catch (RuntimeException e) {
                events.status("failed", "cannot read the dataset " + job.getDataset() + ": " + e.getMessage());
            } finally {
                running.remove(job.getJobId());
                kafka.producer().flush();
                intake.release();
            }
        });
    }

    /** The job's items: its snapshot, or one taken now (its id kept next to the checkpoints, for a resume). */
    private List<TrajectoryItem> items(TrainingJob job, boolean resumed) {
        Path marker = Path.of(config.workDir(), job.getJobId(), "snapshot-id");
        String id = job.getSnapshotId();
        if (id == null && resumed) {
            id = read(marker);
        }
        DatasetSnapshot snapshot;
        if (id == null) {
            snapshot = snapshots.take(job.getDataset(), kafka.topics().dataset(job.getDataset()).name(),
                    Map.of("taken_by", "trainer-service", "job_id", job.getJobId()));
        } else {
            snapshot = snapshots.get(id); // a deleted one fails the read below, saying when it was deleted
        }
        write(marker, snapshot.getSnapshotId());
        return reader.read(snapshot, n -> { });
    }

    /** Jobs a previous run left unfinished: resumed from a LOCAL checkpoint, or failed with the reason. */
    private void recover() {
        for (Map.Entry<String, JobView.Job> e : view.all()) {
            JobView.Job j = e.getValue();
            if (j.terminal() || j.statuses().isEmpty()) {
                continue;
            }
            String id = e.getKey();
            Path dir = Path.of(config.workDir(), id);
            boolean resumable = j.spec() != null && "verl".equals(j.spec().getKind())
                    && Files.exists(dir.resolve("latest_checkpointed_iteration.txt")) && Files.exists(dir.resolve("snapshot-id"));
            KafkaJobEvents events = events(id, j.spec() == null ? "" : j.spec().getKind(), j.state(),
                    view.lastStep(id, "train"));
            if (resumable) {
                events.status("training", "trainer-service restarted; resuming from checkpoint step "
                        + read(dir.resolve("latest_checkpointed_iteration.txt")));
                submit(j.spec(), events, true);
            } else {
                events.status("failed", "trainer-service restarted while the job was " + j.state()
                        + " and it has no checkpoint to resume from; submit it again");
            }
        }
    }

    private Map<String, String> synthesisDefaults() {
        Map<String, String> d = new java.util.HashMap<>();
        config.llm().baseUrl().ifPresent(v -> d.put("llm_base_url", v));
        config.llm().model().ifPresent(v -> d.put("llm_model", v));
        config.llm().apiKey().ifPresent(v -> d.put("llm_api_key", v));
        return d;
    }

    private static void clean(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear the work directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * A clean stop interrupts running jobs without marking them failed: the next start resumes
     * them from their checkpoints (or fails them, saying why), exactly as after a crash.
     */
    void stop(@Observes ShutdownEvent ev) {
        stopping = true;
        if (intake != null) {
            intake.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (view != null) {
            view.close();
        }
    }
}
