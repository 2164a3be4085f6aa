package dev.orbiter.train.client.dataset;

/**
 * A snapshot that cannot be read as the version it names: deleted, taken before snapshots were
 * frozen, its storage gone, or its content not what its digest and item count say. Readers throw
 * it instead of returning anything, so a job never trains on data that is not the snapshot.
 */
public final class SnapshotException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Why the snapshot cannot be read. */
    public enum Reason {
        /** No snapshot with that id. */
        UNKNOWN,
        /** Deleted by a user; its storage is freed. */
        DELETED,
        /** Taken before snapshots were frozen (offsets on a compacted topic only). */
        NOT_FROZEN,
        /** Its storage topic does not exist. */
        STORAGE_MISSING,
        /** Its storage does not hold what its item count and digest say. */
        CORRUPT,
        /** It holds steps of another tenant than the reader's. */
        OTHER_TENANT
    }

    private final String snapshotId;
    private final Reason reason;

    public SnapshotException(String snapshotId, Reason reason, String message) {
        super("snapshot " + snapshotId + ": " + message);
        this.snapshotId = snapshotId;
        this.reason = reason;
    }

    public String snapshotId() {
        return snapshotId;
    }

    public Reason reason() {
        return reason;
    }
}
