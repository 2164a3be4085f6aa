package dev.orbiter.train.verl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether the real VeRL can run here: the module the launcher runs ({@code verl.trainer.main_ppo})
 * is found by {@code <python> -I} (isolated: neither the working directory nor PYTHON* variables on
 * the path) started in an empty temporary directory, within 60 s. So a folder named {@code verl} where
 * the service happens to run (this repository has one) does not pass for VeRL. The Python
 * executable is {@code ORBITER_VERL_PYTHON} or {@code python3}; VeRL installed with
 * {@code pip install --user} is not seen in isolated mode: point {@code ORBITER_VERL_PYTHON} at a venv.
 */
public final class VerlAvailability implements BooleanSupplier {

    static final String CHECK = "import importlib.util, sys; "
            + "sys.exit(0 if importlib.util.find_spec('verl.trainer.main_ppo') else 1)";

    private final String python;
    private final Path directory;

    public VerlAvailability() {
        this(System.getenv().getOrDefault("ORBITER_VERL_PYTHON", "python3"));
    }

    public VerlAvailability(String python) {
        this(python, null);
    }

    /** Checked in {@code directory} (null: a fresh empty temporary directory, removed after). */
    VerlAvailability(String python, Path directory) {
        this.python = python;
        this.directory = directory;
    }

    @Override
    public boolean getAsBoolean() {
        Process p = null;
        Path dir = null;
        try {
            dir = directory != null ? directory : Files.createTempDirectory("orbiter-verl-check");
            p = new ProcessBuilder(python, "-I", "-c", CHECK).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such executable: VeRL cannot run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (directory == null && dir != null) {
                dir.toFile().delete();
            }
        }
    }
}
