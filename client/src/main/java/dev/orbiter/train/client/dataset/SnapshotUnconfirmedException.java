package dev.orbiter.train.client.dataset;

/**
 * A take whose commit timed out and whose outcome readers could not see within the read timeout:
 * the snapshot may still appear. Nothing is freed, so a snapshot that does appear reads whole;
 * look it up by {@link #snapshotId()} later. If it never appears, its transaction was aborted and
 * {@link #storageTopic()} holds no committed record: delete that topic.
 */
public final class SnapshotUnconfirmedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String snapshotId;
    private final String storageTopic;

    SnapshotUnconfirmedException(String snapshotId, String storageTopic, String message, Throwable cause) {
        super("snapshot " + snapshotId + ": " + message, cause);
        this.snapshotId = snapshotId;
        this.storageTopic = storageTopic;
    }

    public String snapshotId() {
        return snapshotId;
    }

    public String storageTopic() {
        return storageTopic;
    }
}
