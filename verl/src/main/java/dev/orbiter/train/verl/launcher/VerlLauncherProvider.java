package dev.orbiter.train.verl.launcher;

import dev.orbiter.train.verl.TrainingBackend;
import dev.orbiter.train.verl.TrainingBackendProvider;
import dev.orbiter.train.verl.VeRLBackend;

/** Makes {@link VeRLBackend#VERL} backends (the VeRL process launcher); registered in META-INF/services. */
public final class VerlLauncherProvider implements TrainingBackendProvider {

    @Override
    public VeRLBackend backend() {
        return VeRLBackend.VERL;
    }

    @Override
    public TrainingBackend create() {
        return new VerlLauncher();
    }
}
