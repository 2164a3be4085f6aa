package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.TrainingJob;
import java.util.ArrayList;
import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.trainerservice.jobs.AcceptedJob;
import dev.orbiter.train.client.TopicAdmin;
import dev.orbiter.train.client.TopicSpec;
import dev.orbiter.train.client.registry.SchemaCatalogue;
import dev.orbiter.train.trainerservice.jobs.JobRunner;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
 * Runs jobs: accepts them from {@code orbiter.training.jobs} (see {@link JobIntake}; validated and
 * their reward specs resolved once, {@link AcceptedJob}), runs them on a bounded pool on their
 * snapshot's items ({@link SnapshotItems}), cancels them, and at start hands the jobs a previous run
 * left unfinished to {@link JobRecovery}.
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
    private SnapshotItems snapshotItems;
    private JobIntake intake;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** A job on the pool. */
    static final class Running {
        final AcceptedJob job;
        final RewardFunction reward;
        volatile Future<?> future;
        volatile boolean started;

        Running(AcceptedJob job) {
            this.job = job;
            this.reward = job.reward();
        }
    }

    void start(@Observes @Priority(10) StartupEvent ev) throws InterruptedException {
        List<TopicSpec> topics = List.of(kafka.topics().trainingJobs(), kafka.topics().trainingStatus(),
                kafka.topics().trainingMetrics(), kafka.topics().datasetSnapshots());
        TopicAdmin.ensure(kafka.admin(), topics);
        SchemaCatalogue.registerAtStartup(kafka.registry(), topics);
        Path work = Path.of(config.workDir());
        runner = new JobRunner(work, synthesisDefaults(), verlDefaults(), new SyntheticItems(kafka)::write);
        snapshotItems = new SnapshotItems(kafka, config);
        pool = Executors.newFixedThreadPool(config.workers(), r -> new Thread(r, "orbiter-job"));
        view = new JobView(kafka, config.metricsPerJob());
        view.start();
        if (!view.awaitCaughtUp(config.startupReadTimeout())) {
            throw new IllegalStateException("could not read the job topics within " + config.startupReadTimeout());
        }
        new JobRecovery(view, work, this::events, this::submit).recover();
        intake = new JobIntake(kafka, this, config.workers());
        intake.start();
    }

    public JobView view() {
        return view;
    }

    /** Whether the service can take jobs: the view has been read, keeps up, and the intake takes jobs. */
    public boolean ready() {
        return intake != null && intake.alive() && intake.problem() == null && view.problem() == null;
    }

    /** Why the service is not ready, or null: the intake's or the view's failure while they retry. */
    public String problem() {
        if (intake == null) {
            return "starting: reading the job topics";
        }
        return intake.problem() != null ? intake.problem() : view.problem();
    }

    /** Called by the intake for each job record; returns once the job is accepted (or refused). */
    boolean accept(TrainingJob job) {
        JobView.Job known = view.job(job.getJobId());
        if (running.containsKey(job.getJobId()) || known != null && !known.statuses().isEmpty()) {
            LOG.infof("job %s already handled (%s); not run again", job.getJobId(), known == null ? "running" : known.state());
            return false;
        }
        TrainingJob seeded = AcceptedJob.seeded(job); // the view shows the seed the job runs with
        view.track(job.getJobId()).spec = seeded;
        KafkaJobEvents events = events(job.getJobId(), job.getKind(), null, -1);
        Long seed = AcceptedJob.seedIn(seeded);
        events.status("created", "dataset " + job.getDataset()
                + (job.getSnapshotId() == null ? ", snapshot taken at start" : ", snapshot " + job.getSnapshotId())
                + (seed == null ? "" : ", seed " + seed));
        List<Problem> problems = new ArrayList<>();
        AcceptedJob accepted = AcceptedJob.accept(job, problems);
        if (accepted == null) {
            events.status("failed", problems.stream().map(p -> p.field() + ": " + p.reason())
                    .collect(Collectors.joining("; ")));
            return false;
        }
        String missing = missingRewardEndpoint(accepted.spec());
        if (missing != null) {
            events.status("failed", missing);
            return false;
        }
        submit(accepted, events, false);
        return true;
    }

    KafkaJobEvents events(String id, String kind, String lastState, long floor) {
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
            events(jobId, r.job.spec().getKind(), "created", -1).status("failed", "cancelled before it started");
            intake.release();
        }
        return true;
    }

    /** The reward function of a running job, for the VeRL reward bridge. */
    public RewardFunction rewardOf(String jobId) {
        Running r = running.get(jobId);
        return r == null ? null : r.reward;
    }

    private void submit(AcceptedJob job, KafkaJobEvents events, boolean resumed) {
        String id = job.id();
        if (!resumed) {
            WorkDirs.clean(Path.of(config.workDir(), id)); // a new job never resumes another's checkpoint
        }
        Running r = new Running(job);
        running.put(id, r);
        r.future = pool.submit(() -> {
            r.started = true;
            try {
                List<TrajectoryItem> items = snapshotItems.of(job.spec(), resumed);
                runner.run(job, items, events);
            } catch (RuntimeException e) {
                events.status("failed", "cannot read the dataset " + job.spec().getDataset() + ": " + e.getMessage());
            } finally {
                running.remove(id);
                kafka.producer().flush();
                intake.release();
            }
        });
    }

    /** What VeRL jobs get from the service: the URL VeRL's workers call back for Java rewards. */
    private Map<String, String> verlDefaults() {
        return config.rewardEndpoint().map(url -> Map.of("reward_endpoint", url)).orElse(Map.of());
    }

    /**
     * A job on the real VeRL with Java reward specs needs a URL its workers can call back; without
     * one (service setting, the job's {@code extra.reward_endpoint}, or {@code ORBITER_REWARD_URL})
     * it would train on VeRL's built-in reward instead: refused at acceptance, saying why.
     */
    String missingRewardEndpoint(TrainingJob job) {
        var verl = job.getConfig().getVerl();
        boolean real = verl != null && "verl".equalsIgnoreCase(verl.getBackend());
        boolean named = config.rewardEndpoint().isPresent() || job.getConfig().getExtra().containsKey("reward_endpoint")
                || System.getenv("ORBITER_REWARD_URL") != null;
        return real && !job.getRewardSpecs().isEmpty() && !named
                ? "config.verl.backend: the VERL backend with reward specs needs orbiter.trainer.reward-endpoint (the URL "
                + "VeRL's workers call back, e.g. http://trainer:8083/v1/rewards/score) or config.extra.reward_endpoint"
                : null;
    }

    private Map<String, String> synthesisDefaults() {
        Map<String, String> d = new java.util.HashMap<>();
        config.llm().baseUrl().ifPresent(v -> d.put("llm_base_url", v));
        config.llm().model().ifPresent(v -> d.put("llm_model", v));
        config.llm().apiKey().ifPresent(v -> d.put("llm_api_key", v));
        return d;
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
