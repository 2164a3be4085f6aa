package dev.orbiter.train.verl.local;

import dev.orbiter.train.verl.TrainingBackend;
import dev.orbiter.train.verl.TrainingBackendProvider;
import dev.orbiter.train.verl.VeRLBackend;

/** Makes {@link VeRLBackend#LOCAL} trainers; registered in {@code META-INF/services}. */
public final class LocalBackendProvider implements TrainingBackendProvider {

    @Override
    public VeRLBackend backend() {
        return VeRLBackend.LOCAL;
    }

    @Override
    public TrainingBackend create() {
        return new LocalTrainer();
    }
}
