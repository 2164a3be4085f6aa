package dev.orbiter.train.cli;

import java.io.PrintStream;

/**
 * A progress line on standard error: {@code [#######.......] 12,345/50,000  4,321/s}, redrawn at
 * most ten times a second; without a total it shows the count and rate. Data goes to standard
 * output, so progress never mixes with it.
 */
public final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long last;
    private long count;

    public Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public synchronized void set(long value) {
        count = value;
        long now = System.nanoTime();
        if (now - last > 100_000_000L) {
            last = now;
            draw();
        }
    }

    public synchronized void add(long delta) {
        set(count + delta);
    }

    public long count() {
        return count;
    }

    public double rate() {
        double s = (System.nanoTime() - started) / 1e9;
        return s <= 0 ? 0 : count / s;
    }

    private void draw() {
        StringBuilder b = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            int width = 30;
            int done = (int) Math.min(width, width * count / total);
            b.append('[').append("#".repeat(done)).append(".".repeat(width - done)).append("] ")
                    .append(String.format("%,d/%,d", count, total));
        } else {
            b.append(String.format("%,d", count));
        }
        b.append(String.format("  %,.0f/s   ", rate()));
        out.print(b);
        out.flush();
    }

    @Override
    public synchronized void close() {
        draw();
        out.println();
    }
}
