package dev.orbiter.train.trajectory;

/** A failure while building, reading or exporting trajectories (bad input types, I/O). */
public class TrajectoryError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrajectoryError(String message) {
        super(message);
    }

    public TrajectoryError(String message, Throwable cause) {
        super(message, cause);
    }
}
