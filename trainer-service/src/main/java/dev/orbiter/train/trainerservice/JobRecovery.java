package dev.orbiter.train.trainerservice;

import dev.orbiter.train.client.http.Problem;
import dev.orbiter.train.trainerservice.jobs.AcceptedJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * At start, the jobs a previous run left unfinished: resumed from their LOCAL checkpoint when they
 * have one (and still pass validation), else marked failed with the reason. No job is ever left
 * RUNNING forever.
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
        void submit(AcceptedJob job, KafkaJobEvents events, boolean resumed);
    }

    private final JobView view;
    private final Path workDir;
    private final Events events;
    private final Resume resume;

    JobRecovery(JobView view, Path workDir, Events events, Resume resume) {
        this.view = view;
        this.workDir = workDir;
        this.events = events;
        this.resume = resume;
    }

    void recover() {
        for (Map.Entry<String, JobView.Job> e : view.all()) {
            JobView.Job j = e.getValue();
            if (!j.terminal() && !j.statuses().isEmpty()) {
                recover(e.getKey(), j);
            }
        }
    }

    private void recover(String id, JobView.Job j) {
        Path dir = workDir.resolve(id);
        Path checkpoint = dir.resolve("latest_checkpointed_iteration.txt");
        boolean resumable = j.spec() != null && "verl".equals(j.spec().getKind()) && Files.exists(checkpoint)
                && Files.exists(SnapshotItems.marker(dir));
        KafkaJobEvents ev = events.of(id, j.spec() == null ? "" : j.spec().getKind(), j.state(), view.lastStep(id, "train"));
        if (!resumable) {
            ev.status("failed", "trainer-service restarted while the job was " + j.state()
                    + " and it has no checkpoint to resume from; submit it again");
            return;
        }
        List<Problem> problems = new ArrayList<>();
        AcceptedJob accepted = AcceptedJob.accept(j.spec(), problems);
        if (accepted == null) {
            ev.status("failed", "trainer-service restarted and the job no longer validates: " + problems.stream()
                    .map(p -> p.field() + ": " + p.reason()).collect(Collectors.joining("; ")));
            return;
        }
        ev.status("training", "trainer-service restarted; resuming from checkpoint step " + WorkDirs.read(checkpoint));
        resume.submit(accepted, ev, true);
    }
}
