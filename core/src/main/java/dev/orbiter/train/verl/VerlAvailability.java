package dev.orbiter.train.verl;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether the real VeRL can run here: {@code <python> -c "import verl"} exits 0 within 60 s.
 * The Python executable is {@code ORBITER_VERL_PYTHON} or {@code python3}.
 */
public final class VerlAvailability implements BooleanSupplier {

    private final String python;

    public VerlAvailability() {
        this(System.getenv().getOrDefault("ORBITER_VERL_PYTHON", "python3"));
    }

    public VerlAvailability(String python) {
        this.python = python;
    }

    @Override
    public boolean getAsBoolean() {
        Process p = null;
        try {
            p = new ProcessBuilder(python, "-c", "import verl").redirectErrorStream(true)
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
        }
    }
}
