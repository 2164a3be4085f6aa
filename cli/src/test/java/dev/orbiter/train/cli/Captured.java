package dev.orbiter.train.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM with its standard output captured (and still shown). */
final class Captured {

    final int exitCode;
    final String out;

    private Captured(int exitCode, String out) {
        this.exitCode = exitCode;
        this.out = out;
    }

    static synchronized Captured run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
                original.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        try {
            int code = Orbiter.run(args);
            tee.flush();
            return new Captured(code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
