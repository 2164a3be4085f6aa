package dev.orbiter.train.trainer;

/** A failed trainer check, an illegal lifecycle transition or a failed training run. */
public class TrainerError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainerError(String message) {
        super(message);
    }

    public TrainerError(String message, Throwable cause) {
        super(message, cause);
    }
}
