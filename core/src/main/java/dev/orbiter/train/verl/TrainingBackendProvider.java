package dev.orbiter.train.verl;

/**
 * Service-provider interface that makes a {@link TrainingBackend} for one {@link VeRLBackend};
 * listed in {@code META-INF/services/dev.orbiter.train.verl.TrainingBackendProvider}.
 */
public interface TrainingBackendProvider {

    /** The backend this provider serves. */
    VeRLBackend backend();

    /** A fresh backend for one trainer. */
    TrainingBackend create();
}
