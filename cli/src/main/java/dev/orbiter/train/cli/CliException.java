package dev.orbiter.train.cli;

/** A failure the user can act on: printed without a stack trace, with its exit code. */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
