package dev.orbiter.train.verl.local.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Reverse-mode automatic differentiation over small dense matrices, for the LOCAL scorer. Ops
 * compute their value at once and, on a recording tape, remember how to send a gradient back;
 * {@link #backward} replays them in reverse, accumulating parameter gradients into
 * {@code gradients} (same layout as {@code weights}). A tape is used by one thread; several
 * tapes may read one weight vector at once.
 *
 * <p>The ops are the ones the scorer needs: embedding sums, affine maps, ReLU, residual adds,
 * RMS normalisation, windows (convolution as unfold + affine), multi-head attention and
 * pooling. Attention and pooling live in {@link TapeOps}.
 */
public final class Tape {

    final double[] w;
    final double[] gw;
    private final List<Runnable> backward;

    /** A tape that records for {@link #backward}, or (gradients null) one that only computes values. */
    public Tape(double[] weights, double[] gradients) {
        this.w = weights;
        this.gw = gradients;
        this.backward = gradients == null ? null : new ArrayList<>();
    }

    boolean recording() {
        return backward != null;
    }

    void onBackward(Runnable step) {
        if (backward != null) {
            backward.add(step);
        }
    }

    /** Seeds {@code output}'s gradient and runs every recorded step in reverse. */
    public void backward(Node output, double[] outputGradient) {
        if (backward == null) {
            throw new IllegalStateException("this tape does not record");
        }
        System.arraycopy(outputGradient, 0, output.grad(), 0, outputGradient.length);
        for (int i = backward.size() - 1; i >= 0; i--) {
            backward.get(i).run();
        }
        backward.clear();
    }

    /** Row i is the sum over tables t of row {@code ids[t][i]} of {@code tables[t]}. */
    public Node embed(Slice[] tables, int[][] ids) {
        int n = ids[0].length;
        int d = tables[0].cols();
        Node out = new Node(n, d);
        for (int t = 0; t < tables.length; t++) {
            for (int i = 0; i < n; i++) {
                int from = tables[t].offset() + ids[t][i] * d;
                for (int j = 0; j < d; j++) {
                    out.v[i * d + j] += w[from + j];
                }
            }
        }
        onBackward(() -> {
            if (out.g == null) {
                return; // nothing downstream used this value
            }
            for (int t = 0; t < tables.length; t++) {
                for (int i = 0; i < n; i++) {
                    int to = tables[t].offset() + ids[t][i] * d;
                    for (int j = 0; j < d; j++) {
                        gw[to + j] += out.g[i * d + j];
                    }
                }
            }
        });
        return out;
    }

    /** {@code x W + b}: x is n x in, W in x out, b (nullable) 1 x out. */
    public Node linear(Node x, Slice weight, Slice bias) {
        int n = x.rows;
        int in = weight.rows();
        int outCols = weight.cols();
        if (x.cols != in) {
            throw new IllegalArgumentException(weight.name() + " expects " + in + " inputs, got " + x.cols);
        }
        Node out = new Node(n, outCols);
        int wo = weight.offset();
        for (int i = 0; i < n; i++) {
            int row = i * outCols;
            if (bias != null) {
                System.arraycopy(w, bias.offset(), out.v, row, outCols);
            }
            for (int k = 0; k < in; k++) {
                double xv = x.v[i * in + k];
                if (xv != 0) {
                    int wr = wo + k * outCols;
                    for (int j = 0; j < outCols; j++) {
                        out.v[row + j] += xv * w[wr + j];
                    }
                }
            }
        }
        onBackward(() -> {
            if (out.g == null) {
                return; // nothing downstream used this value
            }
            double[] dx = x.grad();
            for (int i = 0; i < n; i++) {
                int row = i * outCols;
                if (bias != null) {
                    for (int j = 0; j < outCols; j++) {
                        gw[bias.offset() + j] += out.g[row + j];
                    }
                }
                for (int k = 0; k < in; k++) {
                    int wr = wo + k * outCols;
                    double xv = x.v[i * in + k];
                    double s = 0;
                    for (int j = 0; j < outCols; j++) {
                        double go = out.g[row + j];
                        s += go * w[wr + j];
                        gw[wr + j] += xv * go;
                    }
                    dx[i * in + k] += s;
                }
            }
        });
        return out;
    }

    /** {@code a + b}, same shapes; or b a single row added to every row of a. */
    public Node add(Node a, Node b) {
        boolean broadcast = b.rows == 1 && a.rows != 1;
        if (a.cols != b.cols || (!broadcast && a.rows != b.rows)) {
            throw new IllegalArgumentException("cannot add " + b.rows + "x" + b.cols + " to " + a.rows + "x" + a.cols);
        }
        Node out = new Node(a.rows, a.cols);
        int c = a.cols;
        for (int i = 0; i < out.v.length; i++) {
            out.v[i] = a.v[i] + b.v[broadcast ? i % c : i];
        }
        onBackward(() -> {
            if (out.g == null) {
                return; // nothing downstream used this value
            }
            double[] da = a.grad();
            double[] db = b.grad();
            for (int i = 0; i < out.v.length; i++) {
                da[i] += out.g[i];
                db[broadcast ? i % c : i] += out.g[i];
            }
        });
        return out;
    }

    public Node relu(Node x) {
        Node out = new Node(x.rows, x.cols);
        for (int i = 0; i < x.v.length; i++) {
            out.v[i] = Math.max(0, x.v[i]);
        }
        onBackward(() -> {
            if (out.g == null) {
                return; // nothing downstream used this value
            }
            double[] dx = x.grad();
            for (int i = 0; i < x.v.length; i++) {
                if (x.v[i] > 0) {
                    dx[i] += out.g[i];
                }
            }
        });
        return out;
    }

    /** Each row divided by its root mean square, times a learned gain (1 x cols). */
    public Node rmsNorm(Node x, Slice gain) {
        int c = x.cols;
        Node out = new Node(x.rows, c);
        double[] inv = new double[x.rows];
        for (int i = 0; i < x.rows; i++) {
            double ss = 0;
            for (int j = 0; j < c; j++) {
                ss += x.v[i * c + j] * x.v[i * c + j];
            }
            inv[i] = 1 / Math.sqrt(ss / c + 1e-6);
            for (int j = 0; j < c; j++) {
                out.v[i * c + j] = x.v[i * c + j] * inv[i] * w[gain.offset() + j];
            }
        }
        onBackward(() -> {
            if (out.g == null) {
                return; // nothing downstream used this value
            }
            double[] dx = x.grad();
            for (int i = 0; i < x.rows; i++) {
                double dot = 0;
                for (int j = 0; j < c; j++) {
                    double xhat = x.v[i * c + j] * inv[i];
                    double go = out.g[i * c + j];
                    gw[gain.offset() + j] += go * xhat;
                    dot += go * w[gain.offset() + j] * xhat;
                }
                for (int j = 0; j < c; j++) {
                    double xhat = x.v[i * c + j] * inv[i];
                    dx[i * c + j] += inv[i] * (out.g[i * c + j] * w[gain.offset() + j] - xhat * dot / c);
                }
            }
        });
        return out;
    }

    /**
     * Row i holds rows {@code i - k/2 .. i + k/2} of x side by side (zeros past either end): a
     * width-k convolution is this followed by {@link #linear}.
     */
    public Node window(Node x, int k) {
        return window(x, k, 1);
    }

    /** {@link #window(Node, int)} over every {@code dilation}-th row: rows i - dilation * (k/2) .. i + dilation * (k/2). */
    public Node window(Node x, int k, int dilation) {
        int c = x.cols;
        int half = k / 2;
        Node out = new Node(x.rows, k * c);
        for (int i = 0; i < x.rows; i++) {
            for (int o = 0; o < k; o++) {
                int src = i + (o - half) * dilation;
                if (src >= 0 && src < x.rows) {
                    System.arraycopy(x.v, src * c, out.v, i * k * c + o * c, c);
                }
            }
        }
        onBackward(() -> {
            if (out.g == null) {
                return; // nothing downstream used this value
            }
            double[] dx = x.grad();
            for (int i = 0; i < x.rows; i++) {
                for (int o = 0; o < k; o++) {
                    int src = i + (o - half) * dilation;
                    if (src >= 0 && src < x.rows) {
                        for (int j = 0; j < c; j++) {
                            dx[src * c + j] += out.g[i * k * c + o * c + j];
                        }
                    }
                }
            }
        });
        return out;
    }
}
