package dev.orbiter.train.trainerservice;

import dev.orbiter.train.avro.DatasetSnapshot;
import dev.orbiter.train.avro.TrainingJob;
import dev.orbiter.train.client.dataset.DatasetReader;
import dev.orbiter.train.client.dataset.DatasetSnapshots;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The items a job trains on: its snapshot's frozen items (digest checked), or those of a snapshot
 * taken when it starts, whose id is kept next to its checkpoints so that a resume reads the same one.
 * A job of a tenant fails on a snapshot holding another tenant's steps.
 */
final class SnapshotItems {

    private final DatasetSnapshots snapshots;
    private final DatasetReader reader;
    private final TrainerKafka kafka;
    private final Path workDir;

    SnapshotItems(TrainerKafka kafka, TrainerConfig config) {
        this.kafka = kafka;
        this.workDir = Path.of(config.workDir());
        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        this.reader = new DatasetReader(client, kafka.registry(), config.snapshotTimeout());
        this.snapshots = new DatasetSnapshots(kafka.admin(), client, kafka.registry(), kafka.topics(),
                config.snapshotTimeout());
    }

    /** The marker of the snapshot a job took for itself, read by a resume. */
    static Path marker(Path jobDir) {
        return jobDir.resolve("snapshot-id");
    }

    List<TrajectoryItem> of(TrainingJob job, boolean resumed) {
        Path marker = marker(workDir.resolve(job.getJobId()));
        String id = job.getSnapshotId();
        if (id == null && resumed) {
            id = WorkDirs.read(marker);
        }
        DatasetSnapshot snapshot = id != null ? snapshots.get(id) // a deleted one fails the read below, saying when
                : snapshots.take(job.getDataset(), kafka.topics().dataset(job.getDataset()).name(),
                        Map.of("taken_by", "trainer-service", "job_id", job.getJobId()));
        WorkDirs.write(marker, snapshot.getSnapshotId());
        // a tenant's job trains on its own tenant's steps only (and on steps captured without one)
        return reader.read(snapshot, n -> { }, job.getTenant());
    }
}
