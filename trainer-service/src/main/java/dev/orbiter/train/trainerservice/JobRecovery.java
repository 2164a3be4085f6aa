package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.trainerservice.jobs.AcceptedJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The jobs an instance left unfinished (this one before a restart, or another that is gone, see
 * {@link JobOwnership}): resumed from their LOCAL checkpoint when it is in this instance's work
 * directory (shared by the instances, or this one's own after a restart) and the job still
 * passes validation, else marked failed with the reason. No job is ever left RUNNING forever.
 */
final class JobRecovery {

    /** Makes the events of a job that continues from {@code lastState}, above metric step {@code floor}. */
    @FunctionalInterface
    interface Events {
        KafkaJobEvents of(String id, String kind, String lastState, long floor);
    }

    /** Puts a job back on the pool. */
    @FunctionalInterface
    interface Resume {
        void submit(AcceptedJob job, KafkaJobEvents events, boolean resumed, int partition);
    }

    private final JobView view;
    private final Path workDir;
    private final Events events;
    private final Resume resume;
    private final String me;

    JobRecovery(JobView view, Path workDir, Events events, Resume resume, String me) {
        this.view = view;
        this.workDir = workDir;
        this.events = events;
        this.resume = resume;
        this.me = me;
    }

    /** Recovers one unfinished job; true when it was resumed (it then holds a worker slot), false when it was failed. */
    boolean recover(String id, JobView.Job j, int partition) {
        Path dir = workDir.resolve(id);
        Path checkpoint = dir.resolve("latest_checkpointed_iteration.txt");
        boolean resumable = j.spec() != null && "verl".equals(j.spec().getKind()) && Files.exists(checkpoint)
                && Files.exists(SnapshotItems.marker(dir));
        KafkaJobEvents ev = events.of(id, j.spec() == null ? "" : j.spec().getKind(), j.state(), view.lastStep(id, "train"));
        String who = j.owner() == null || j.owner().equals(me) ? "trainer-service restarted"
                : "trainer-service instance " + j.owner() + " stopped";
        if (j.cancelRequested()) {
            ev.status("failed", "cancelled: the cancel was requested while the instance running it was gone (" + who + ")");
            return false;
        }
        if (!resumable) {
            ev.status("failed", who + " while the job was " + j.state()
                    + " and it has no checkpoint to resume from in " + dir + " (instance " + me + "); submit it again");
            return false;
        }
        List<Problem> problems = new ArrayList<>();
        AcceptedJob accepted = AcceptedJob.accept(j.spec(), problems);
        if (accepted == null) {
            ev.status("failed", who + " and the job no longer validates: " + problems.stream()
                    .map(p -> p.field() + ": " + p.reason()).collect(Collectors.joining("; ")));
            return false;
        }
        ev.status("training", who + "; resuming from checkpoint step " + WorkDirs.read(checkpoint) + " on instance " + me);
        resume.submit(accepted, ev, true, partition);
        return true;
    }
}
