package dev.orbiter.train.bench;

import java.util.Arrays;

/**
 * A raw Kafka path and its service counterpart timed in ABBA order (a, b, b, a, ...), so that a
 * drift favouring later runs (JIT, page cache, broker warming up) favours neither side; each
 * side is reported as the median of its rounds.
 */
final class Rounds {

    /** One timed run, in steps/s. */
    @FunctionalInterface
    interface Run {
        double measure(int round) throws Exception;
    }

    /** The figures of both sides, round by round. */
    record Result(double[] a, double[] b) {
        double medianA() {
            return median(a);
        }

        double medianB() {
            return median(b);
        }
    }

    private Rounds() {
    }

    static Result abba(int rounds, Run a, Run b) throws Exception {
        double[] as = new double[rounds];
        double[] bs = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                as[round] = a.measure(round);
                bs[round] = b.measure(round);
            } else {
                bs[round] = b.measure(round);
                as[round] = a.measure(round);
            }
        }
        return new Result(as, bs);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
