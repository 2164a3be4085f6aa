package dev.orbiter.train.evolution;

/** A failed evolution run (any epoch's exception, wrapped) or an illegal pipeline state. */
public class EvolutionError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EvolutionError(String message) {
        super(message);
    }

    public EvolutionError(String message, Throwable cause) {
        super(message, cause);
    }
}
