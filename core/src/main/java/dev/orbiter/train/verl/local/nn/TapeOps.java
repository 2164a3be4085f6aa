package dev.orbiter.train.verl.local.nn;

import java.util.List;

/** The {@link Tape}'s attention, pooling and stacking ops. */
public final class TapeOps {

    private TapeOps() {
    }

    /**
     * Multi-head scaled dot-product attention: queries q (n x d) over keys k and values v
     * (m x d), {@code heads} heads of d / heads columns each, no mask. Out: n x d.
     */
    public static Node attention(Tape tape, Node q, Node k, Node v, int heads) {
        return attention(tape, q, k, v, heads, null, null);
    }

    /**
     * Attention whose score for query i and key j also adds, per head h, the weight
     * {@code w[f][h]} of every bit f set in {@code bits[i * m + j]} (learned biases on given
     * relations between the two sides: {@code bias} is a features x heads slice).
     */
    public static Node attention(Tape tape, Node q, Node k, Node v, int heads, int[] bits, Slice bias) {
        int n = q.rows;
        int m = k.rows;
        int d = q.cols;
        int dh = d / heads;
        double scale = 1 / Math.sqrt(dh);
        double[] a = new double[heads * n * m];
        Node out = new Node(n, d);
        for (int h = 0; h < heads; h++) {
            int c0 = h * dh;
            for (int i = 0; i < n; i++) {
                int row = (h * n + i) * m;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int c = c0; c < c0 + dh; c++) {
                        s += q.v[i * d + c] * k.v[j * d + c];
                    }
                    a[row + j] = s * scale + (bits == null ? 0 : bitBias(tape.w, bias, bits[i * m + j], h, heads));
                    max = Math.max(max, a[row + j]);
                }
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    a[row + j] = Math.exp(a[row + j] - max);
                    sum += a[row + j];
                }
                for (int j = 0; j < m; j++) {
                    a[row + j] /= sum;
                    double p = a[row + j];
                    for (int c = c0; c < c0 + dh; c++) {
                        out.v[i * d + c] += p * v.v[j * d + c];
                    }
                }
            }
        }
        tape.onBackward(() -> {
            if (out.g == null) {
                return;
            }
            double[] dq = q.grad();
            double[] dk = k.grad();
            double[] dv = v.grad();
            double[] da = new double[m];
            for (int h = 0; h < heads; h++) {
                int c0 = h * dh;
                for (int i = 0; i < n; i++) {
                    int row = (h * n + i) * m;
                    double dot = 0;
                    for (int j = 0; j < m; j++) {
                        double s = 0;
                        double p = a[row + j];
                        for (int c = c0; c < c0 + dh; c++) {
                            double go = out.g[i * d + c];
                            s += go * v.v[j * d + c];
                            dv[j * d + c] += p * go;
                        }
                        da[j] = s;
                        dot += p * s;
                    }
                    for (int j = 0; j < m; j++) {
                        double dScore = a[row + j] * (da[j] - dot);
                        if (dScore == 0) {
                            continue;
                        }
                        if (bits != null) {
                            for (int b = bits[i * m + j], f = 0; b != 0; b >>>= 1, f++) {
                                if ((b & 1) != 0) {
                                    tape.gw[bias.offset() + f * heads + h] += dScore;
                                }
                            }
                        }
                        double ds = dScore * scale;
                        for (int c = c0; c < c0 + dh; c++) {
                            dq[i * d + c] += ds * k.v[j * d + c];
                            dk[j * d + c] += ds * q.v[i * d + c];
                        }
                    }
                }
            }
        });
        return out;
    }

    private static double bitBias(double[] w, Slice bias, int bits, int h, int heads) {
        double s = 0;
        for (int f = 0; bits != 0; bits >>>= 1, f++) {
            if ((bits & 1) != 0) {
                s += w[bias.offset() + f * heads + h];
            }
        }
        return s;
    }

    /** The column means: 1 x cols. */
    public static Node meanRows(Tape tape, Node x) {
        int c = x.cols;
        Node out = new Node(1, c);
        for (int i = 0; i < x.rows; i++) {
            for (int j = 0; j < c; j++) {
                out.v[j] += x.v[i * c + j] / x.rows;
            }
        }
        tape.onBackward(() -> {
            if (out.g == null) {
                return;
            }
            double[] dx = x.grad();
            for (int i = 0; i < x.rows; i++) {
                for (int j = 0; j < c; j++) {
                    dx[i * c + j] += out.g[j] / x.rows;
                }
            }
        });
        return out;
    }

    /** The column maxima: 1 x cols (the gradient goes to the first maximal row). */
    public static Node maxRows(Tape tape, Node x) {
        int c = x.cols;
        Node out = new Node(1, c);
        int[] arg = new int[c];
        for (int j = 0; j < c; j++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < x.rows; i++) {
                if (x.v[i * c + j] > best) {
                    best = x.v[i * c + j];
                    arg[j] = i;
                }
            }
            out.v[j] = best;
        }
        tape.onBackward(() -> {
            if (out.g == null) {
                return;
            }
            double[] dx = x.grad();
            for (int j = 0; j < c; j++) {
                dx[arg[j] * c + j] += out.g[j];
            }
        });
        return out;
    }

    /** a and b side by side (same rows). */
    public static Node concatCols(Tape tape, Node a, Node b) {
        if (a.rows != b.rows) {
            throw new IllegalArgumentException("cannot put " + b.rows + " rows beside " + a.rows);
        }
        int c = a.cols + b.cols;
        Node out = new Node(a.rows, c);
        for (int i = 0; i < a.rows; i++) {
            System.arraycopy(a.v, i * a.cols, out.v, i * c, a.cols);
            System.arraycopy(b.v, i * b.cols, out.v, i * c + a.cols, b.cols);
        }
        tape.onBackward(() -> {
            if (out.g == null) {
                return;
            }
            double[] da = a.grad();
            double[] db = b.grad();
            for (int i = 0; i < a.rows; i++) {
                for (int j = 0; j < a.cols; j++) {
                    da[i * a.cols + j] += out.g[i * c + j];
                }
                for (int j = 0; j < b.cols; j++) {
                    db[i * b.cols + j] += out.g[i * c + a.cols + j];
                }
            }
        });
        return out;
    }

    /** 1 x 1 nodes stacked into a column: parts.size() x 1. */
    public static Node column(Tape tape, List<Node> parts) {
        Node out = new Node(parts.size(), 1);
        for (int i = 0; i < parts.size(); i++) {
            out.v[i] = parts.get(i).v[0];
        }
        tape.onBackward(() -> {
            if (out.g == null) {
                return;
            }
            for (int i = 0; i < parts.size(); i++) {
                parts.get(i).grad()[0] += out.g[i];
            }
        });
        return out;
    }

    /**
     * Row i becomes the mean of the rows of its token ({@code token[i]}, as in {@link TextCodes});
     * a row outside any token stays as it is. This is how every byte of a word learns what the
     * whole word is and what stands around it.
     */
    public static Node tokenMean(Tape tape, Node x, int[] token) {
        int c = x.cols;
        int tokens = 0;
        for (int t : token) {
            tokens = Math.max(tokens, t + 1);
        }
        double[] sums = new double[tokens * c];
        int[] counts = new int[tokens];
        for (int i = 0; i < x.rows; i++) {
            if (token[i] >= 0) {
                counts[token[i]]++;
                for (int j = 0; j < c; j++) {
                    sums[token[i] * c + j] += x.v[i * c + j];
                }
            }
        }
        Node out = new Node(x.rows, c);
        for (int i = 0; i < x.rows; i++) {
            for (int j = 0; j < c; j++) {
                out.v[i * c + j] = token[i] >= 0 ? sums[token[i] * c + j] / counts[token[i]] : x.v[i * c + j];
            }
        }
        tape.onBackward(() -> {
            if (out.g == null) {
                return;
            }
            double[] dx = x.grad();
            double[] tokenGrad = new double[sums.length];
            for (int i = 0; i < x.rows; i++) {
                for (int j = 0; j < c; j++) {
                    if (token[i] >= 0) {
                        tokenGrad[token[i] * c + j] += out.g[i * c + j] / counts[token[i]];
                    } else {
                        dx[i * c + j] += out.g[i * c + j];
                    }
                }
            }
            for (int i = 0; i < x.rows; i++) {
                if (token[i] >= 0) {
                    for (int j = 0; j < c; j++) {
                        dx[i * c + j] += tokenGrad[token[i] * c + j];
                    }
                }
            }
        });
        return out;
    }

    /** The element-wise product of two nodes of one shape. */
    public static Node mul(Tape tape, Node a, Node b) {
        if (a.rows != b.rows || a.cols != b.cols) {
            throw new IllegalArgumentException("cannot multiply " + a.rows + "x" + a.cols + " by " + b.rows + "x" + b.cols);
        }
        Node out = new Node(a.rows, a.cols);
        for (int i = 0; i < out.v.length; i++) {
            out.v[i] = a.v[i] * b.v[i];
        }
        tape.onBackward(() -> {
            if (out.g == null) {
                return;
            }
            double[] da = a.grad();
            double[] db = b.grad();
            for (int i = 0; i < out.v.length; i++) {
                da[i] += out.g[i] * b.v[i];
                db[i] += out.g[i] * a.v[i];
            }
        });
        return out;
    }
}
