package dev.orbiter.train.capture;

/** Kafka (or the registry) did not acknowledge in time; the client may retry the same request. */
public final class UnavailableException extends RuntimeException {

    private final int retryAfterSeconds;

    public UnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
