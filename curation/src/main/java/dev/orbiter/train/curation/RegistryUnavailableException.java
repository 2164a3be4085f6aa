package dev.orbiter.train.curation;

/**
 * The schema registry did not answer, within {@link RegistryWait}'s wait, while a record was
 * decoded or encoded. The record is not at fault: the exception ends the stream thread without
 * committing, {@link ThreadReplacingHandler} starts a new one after a pause, and the record is
 * processed again from the last commit.
 */
public final class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super("schema registry unavailable: " + message, cause);
    }
}
