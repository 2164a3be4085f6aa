package dev.orbiter.train.verl.launcher;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether python3 runs on this machine (it does on the project's build machine and CI). */
final class Python {

    private Python() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
            return done && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
