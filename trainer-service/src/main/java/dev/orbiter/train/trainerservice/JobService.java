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
import java.util.Set;
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
    /** Jobs stopped here because this instance lost their partition: interrupted, not failed. */
    private final Set<String> handedOver = ConcurrentHashMap.newKeySet();
    private JobRecovery recovery;
    private String instanceId;
    private volatile boolean stopping;

    /** A job on the pool. */
    static final class Running {
        final AcceptedJob job;
        final RewardFunction reward;
        /** Its partition of the jobs topic: whose intake owns that decides who recovers it. */
        final int partition;
        volatile Future<?> future;
        volatile boolean started;

        Running(AcceptedJob job, int partition) {
            this.job = job;
            this.reward = job.reward();
            this.partition = partition;
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
        instanceId = instanceId(config);
        view.onCancelRequest(id -> {
            if (running.containsKey(id)) {
                cancel(id); // asked of another instance; this one runs it
            }
        });
        recovery = new JobRecovery(view, work, this::events, this::submit, instanceId);
        intake = new JobIntake(kafka, this, config.workers(), instanceId, config.sessionTimeout());
        intake.start(); // the unfinished jobs are recovered once the intake knows its partitions (reconcile)
        LOG.infof("trainer instance %s taking jobs", instanceId);
    }

    /** The configured id, else the host's name (a pod's), else a random one. */
    static String instanceId(TrainerConfig config) {
        String host = System.getenv("HOSTNAME");
        return config.instanceId().filter(s -> !s.isBlank())
                .orElse(host != null && !host.isBlank() ? host : "trainer-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Recovers the unfinished jobs that are this instance's now ({@link JobOwnership#mustRecover}),
     * once the view has read every status written so far; called by the intake after each rebalance
     * and periodically. A job for which no worker is free waits for the next call.
     */
    void reconcile(Set<Integer> owned) {
        if (owned.isEmpty()) {
            return;
        }
        String statusTopic = kafka.topics().trainingStatus().name();
        try {
            if (!view.awaitStatuses(JobOwnership.ends(kafka.admin(), statusTopic), config.startupReadTimeout())) {
                throw new IllegalStateException("the job view did not read " + statusTopic + " up to its end in "
                        + config.startupReadTimeout() + "; no job is recovered on a stale view");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Set<String> live = JobOwnership.liveInstances(kafka.admin());
        int partitions = kafka.topics().trainingJobs().partitions();
        for (Map.Entry<String, JobView.Job> e : view.all()) {
            JobView.Job j = e.getValue();
            int partition = j.partition() >= 0 ? j.partition() : JobOwnership.partitionOf(e.getKey(), partitions);
            boolean here = running.containsKey(e.getKey());
            if (j.terminal() || j.statuses().isEmpty()) {
                continue;
            }
            if (JobOwnership.mustRelease(j.owner(), partition, owned, here, instanceId)) {
                new KafkaJobEvents(e.getKey(), j.spec() == null ? "" : j.spec().getKind(), kafka, j.state(), -1,
                        () -> false, null).status(j.state(), "trainer-service instance " + instanceId
                        + " restarted and no longer runs it; released to the instance that owns its partition");
                continue;
            }
            if (!JobOwnership.mustRecover(j.owner(), partition, owned, here, instanceId, live)) {
                continue;
            }
            if (!intake.tryTake()) {
                return; // every worker busy: the next reconcile takes it
            }
            if (!recovery.recover(e.getKey(), j, partition)) {
                intake.release();
            }
        }
    }

    /** Stops, without failing them, the jobs of partitions this instance lost (it was taken for dead). */
    void handOver(Set<Integer> partitions) {
        running.forEach((id, r) -> {
            if (partitions.contains(r.partition) && r.future != null) {
                LOG.warnf("job %s: this instance lost its partition %d; stopping it here for its new owner", id, r.partition);
                handedOver.add(id);
                r.future.cancel(true);
            }
        });
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

    /** Called by the intake for each job record (of that partition); returns once the job is accepted (or refused). */
    boolean accept(TrainingJob job, int partition) {
        JobView.Job known = view.job(job.getJobId());
        if (running.containsKey(job.getJobId()) || known != null && !known.statuses().isEmpty()) {
            LOG.infof("job %s already handled (%s); not run again", job.getJobId(), known == null ? "running" : known.state());
            return false;
        }
        TrainingJob seeded = AcceptedJob.seeded(job); // the view shows the seed the job runs with
        JobView.Job tracked = view.track(job.getJobId());
        tracked.spec = seeded;
        tracked.partition = partition; // the record's own: whoever owns this partition recovers the job
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
        submit(accepted, events, false, partition);
        return true;
    }

    KafkaJobEvents events(String id, String kind, String lastState, long floor) {
        return new KafkaJobEvents(id, kind, kafka, lastState, floor, () -> stopping || handedOver.contains(id), instanceId);
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

    /**
     * Cancels a job that another instance runs (or none yet): a job still waiting in Kafka is failed
     * at once, so whoever takes it skips it; a running one gets a cancel request its instance acts on,
     * and the instance that recovers it, if that one is gone, fails it instead. Null when done, else
     * why not (the job has ended).
     */
    public String requestCancel(String jobId) {
        JobView.Job j = view.job(jobId);
        String kind = j == null || j.spec() == null ? "" : j.spec().getKind();
        if (j == null || j.terminal()) {
            return "job " + jobId + " has ended (" + (j == null ? "unknown" : j.state()) + ")";
        }
        if (j.statuses().isEmpty()) {
            events(jobId, kind, null, -1).status("failed", "cancelled before it started");
            return null;
        }
        new KafkaJobEvents(jobId, kind, kafka, j.state(), -1, () -> false, j.owner())
                .requestCancel(j.owner(), "cancel requested on instance " + instanceId);
        return null;
    }

    /** The reward function of a running job, for the VeRL reward bridge. */
    public RewardFunction rewardOf(String jobId) {
        Running r = running.get(jobId);
        return r == null ? null : r.reward;
    }

    private void submit(AcceptedJob job, KafkaJobEvents events, boolean resumed, int partition) {
        String id = job.id();
        if (!resumed) {
            WorkDirs.clean(Path.of(config.workDir(), id)); // a new job never resumes another's checkpoint
        }
        handedOver.remove(id);
        Running r = new Running(job, partition);
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
