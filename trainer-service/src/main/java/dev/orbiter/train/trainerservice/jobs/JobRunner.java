package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs one accepted job on its snapshot's items, start to end, on the calling thread: the job's
 * kind does the work and reports through {@link JobEvents}; the runner closes it with
 * {@code completed}, or {@code failed} and the reason (a cancel is an interrupt of this thread).
 */
public final class JobRunner {

    private final Path workDir;
    private final Map<String, String> synthesisDefaults;
    private final Map<String, String> verlDefaults;
    private final BiConsumer<String, List<TrajectoryItem>> datasetSink;

    /**
     * @param workDir           where jobs keep checkpoints ({@code <workDir>/<job id>})
     * @param synthesisDefaults extras for synthesis jobs, e.g. the LLM endpoint of the service
     * @param datasetSink       writes synthesised items to a dataset by name
     */
    public JobRunner(Path workDir, Map<String, String> synthesisDefaults, BiConsumer<String, List<TrajectoryItem>> datasetSink) {
        this(workDir, synthesisDefaults, Map.of(), datasetSink);
    }

    /** @param verlDefaults extras for verl jobs that the job does not set, e.g. the service's {@code reward_endpoint} */
    public JobRunner(Path workDir, Map<String, String> synthesisDefaults, Map<String, String> verlDefaults,
                     BiConsumer<String, List<TrajectoryItem>> datasetSink) {
        this.workDir = workDir;
        this.synthesisDefaults = Map.copyOf(synthesisDefaults);
        this.verlDefaults = Map.copyOf(verlDefaults);
        this.datasetSink = datasetSink;
    }

    /** Runs the job; returns normally in every case (the outcome is in the events). */
    public void run(AcceptedJob accepted, List<TrajectoryItem> items, JobEvents events) {
        TrainingJob job = accepted.spec();
        try {
            if (items.isEmpty()) {
                throw new IllegalArgumentException("the snapshot of dataset " + job.getDataset() + " has no items");
            }
            Path dir = workDir.resolve(job.getJobId());
            switch (job.getKind()) {
                case "verl" -> VerlJob.run(accepted, items, events, dir, verlDefaults);
                case "evolution" -> EvolutionJob.run(accepted, items, events, dir);
                case "synthesis" -> SynthesisJob.run(job, items, events, synthesisDefaults, datasetSink);
                default -> throw new IllegalArgumentException("unknown job kind " + job.getKind());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            events.status("completed", null);
        } catch (InterruptedException e) {
            events.status("failed", "cancelled");
        } catch (RuntimeException | LinkageError e) {
            boolean cancelled = Thread.currentThread().isInterrupted() || String.valueOf(e.getMessage()).contains("cancelled");
            events.status("failed", cancelled ? "cancelled: " + rootMessage(e) : rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && (message == null || !message.contains(t.getMessage()))) {
                message = (message == null ? "" : message + ": ") + t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
