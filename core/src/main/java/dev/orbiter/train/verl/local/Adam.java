package dev.orbiter.train.verl.local;

/**
 * The Adam optimiser (Kingma and Ba) over one dense weight vector, with bias correction.
 * Its moments are part of a checkpoint, so a resumed run continues exactly where it stopped.
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    final double[] m;
    final double[] v;
    long t;

    Adam(int size) {
        this(new double[size], new double[size], 0);
    }

    Adam(double[] m, double[] v, long t) {
        this.m = m;
        this.v = v;
        this.t = t;
    }

    /**
     * One descent step on {@code w} along {@code grad}. Weights without a gradient this step
     * still move by their first moment, as in dense Adam.
     */
    void step(double[] w, double[] grad, double lr) {
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < w.length; i++) {
            double g = grad[i];
            double mi = m[i];
            double vi = v[i];
            if (g == 0 && mi == 0 && vi == 0) {
                continue; // a weight that never had a gradient: exact Adam leaves it unchanged too
            }
            mi = BETA1 * mi + (1 - BETA1) * g;
            vi = BETA2 * vi + (1 - BETA2) * g * g;
            m[i] = mi;
            v[i] = vi;
            w[i] -= lr * (mi / c1) / (Math.sqrt(vi / c2) + EPSILON);
        }
    }
}
