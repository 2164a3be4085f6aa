package dev.orbiter.train.verl.local.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The LOCAL policy's network: a byte-level cross-encoder that gives each (prompt, response)
 * pair a scalar score; the policy is the softmax of the scores over a prompt's candidates.
 *
 * <p>The prompt is read once per group: byte + token-position embeddings, two rounds of a width-5
 * convolution (the second dilated) each followed by a mean over each word, then
 * {@code promptLayers} blocks of self-attention (with learned per-head weights on generic
 * relations between two bytes: the same byte, the same place in a word, their offset, see
 * {@link TextCodes#selfAlignment}) and feed-forward. Each candidate response (bytes and an
 * end marker) starts from the same embeddings plus a projection of the prompt's mean and an
 * embedding of the byte's copy profile (found in the prompt, inside a copied run: see
 * {@link TextCodes#copyProfile}), goes
 * through a width-3 convolution, a word mean and {@code layers} blocks of cross-attention over the
 * prompt (with learned per-head weights on generic byte relations, see
 * {@link TextCodes#alignment}: places in words, the same byte, and whether its neighbours match too,
 * which marks a copied run; and a multiplicative match of each byte against what it attended to)
 * and feed-forward, and is pooled (mean and max over its bytes) into a small MLP that gives the score.
 * Every block is pre-normalised (RMS) and residual. Nothing in it knows any task: what lines up
 * with what is learned from the rewards.
 *
 * <p>Weights are one flat vector ({@link #layout()}); the scorer itself holds only the shapes,
 * so one scorer evaluates the trained, the reference and a loaded policy alike.
 */
public final class PairScorer {

    private final ScorerShape shape;
    private final List<Slice> layout = new ArrayList<>();
    private int size;
    private final Slice embed;
    private final Slice fromStart;
    private final Slice fromEnd;
    private final Slice side;
    private final Slice promptConv;
    private final Slice promptConvBias;
    private final Slice promptToken;
    private final Slice promptConv2Norm;
    private final Slice promptConv2;
    private final Slice promptConv2Bias;
    private final Slice promptToken2;
    private final Block[] promptSelf;
    private final Slice promptOut;
    private final Slice global;
    private final Slice responseConv;
    private final Slice responseConvBias;
    private final Slice responseToken;
    private final Block[] responseBlocks;
    private final Slice responseOut;
    private final Slice head1;
    private final Slice head1Bias;
    private final Slice head2;
    private final Slice head2Bias;
    private final Slice copy;

    /**
     * One pre-normalised attention + feed-forward block; a response block also has a match term
     * (matchIn, matchOut: the query side times what it attended to, the way ESIM compares).
     */
    private record Block(Slice attnNorm, Slice q, Slice k, Slice v, Slice o, Slice align, Slice matchIn, Slice matchOut,
                         Slice ffnNorm, Slice w1, Slice b1, Slice w2, Slice b2) {
    }

    public PairScorer(ScorerShape shape) {
        this.shape = shape;
        int d = shape.dim();
        embed = add("embed", TextCodes.SYMBOLS, d);
        fromStart = add("position.from_start", TextCodes.POSITIONS, d);
        fromEnd = add("position.from_end", TextCodes.POSITIONS, d);
        side = add("side", 2, d);
        promptConv = add("prompt.conv.w", 5 * d, d);
        promptConvBias = add("prompt.conv.b", 1, d);
        promptToken = add("prompt.token.w", d, d);
        promptConv2Norm = add("prompt.conv2.norm", 1, d);
        promptConv2 = add("prompt.conv2.w", 5 * d, d);
        promptConv2Bias = add("prompt.conv2.b", 1, d);
        promptToken2 = add("prompt.token2.w", d, d);
        promptSelf = new Block[shape.promptLayers()];
        for (int l = 0; l < promptSelf.length; l++) {
            promptSelf[l] = block("prompt.self." + l, false);
        }
        promptOut = add("prompt.out.norm", 1, d);
        global = add("response.global", d, d);
        responseConv = add("response.conv.w", 3 * d, d);
        responseConvBias = add("response.conv.b", 1, d);
        responseToken = add("response.token.w", d, d);
        responseBlocks = new Block[shape.layers()];
        for (int l = 0; l < responseBlocks.length; l++) {
            responseBlocks[l] = block("response." + l, true);
        }
        responseOut = add("response.out.norm", 1, d);
        head1 = add("head.w1", 2 * d, d);
        head1Bias = add("head.b1", 1, d);
        head2 = add("head.w2", d, 1);
        head2Bias = add("head.b2", 1, 1);
        // last in the layout, so adding it left the draws of every other weight as they were
        copy = add("response.copy", TextCodes.COPY_PROFILES, d);
    }

    private Block block(String name, boolean match) {
        int d = shape.dim();
        int f = shape.ffn();
        return new Block(add(name + ".attn.norm", 1, d), add(name + ".attn.q", d, d), add(name + ".attn.k", d, d),
                add(name + ".attn.v", d, d), add(name + ".attn.o", d, d),
                add(name + ".attn.align", match ? TextCodes.RELATIONS : TextCodes.SELF_RELATIONS, shape.heads()),
                match ? add(name + ".match.in", d, d) : null, match ? add(name + ".match.out", d, d) : null,
                add(name + ".ffn.norm", 1, d),
                add(name + ".ffn.w1", d, f), add(name + ".ffn.b1", 1, f), add(name + ".ffn.w2", f, d),
                add(name + ".ffn.b2", 1, d));
    }

    private Slice add(String name, int rows, int cols) {
        Slice s = new Slice(name, size, rows, cols);
        layout.add(s);
        size += s.size();
        return s;
    }

    public ScorerShape shape() {
        return shape;
    }

    /** The parameter matrices, in their order in the weight vector. */
    public List<Slice> layout() {
        return List.copyOf(layout);
    }

    /** The number of weights. */
    public int size() {
        return size;
    }

    /**
     * Fresh weights for a seed: matrices ~ N(0, 1/fan_in), embeddings ~ N(0, 1), norm gains 1,
     * biases 0.
     */
    public double[] initialWeights(long seed) {
        double[] w = new double[size];
        SplittableRandom rng = new SplittableRandom(seed);
        for (Slice s : layout) {
            boolean norm = s.name().endsWith(".norm");
            boolean align = s.name().endsWith(".align"); // no relation is preferred before training
            boolean bias = s.name().endsWith(".b") || s.name().matches(".*\\.b\\d$");
            boolean table = s == embed || s == fromStart || s == fromEnd || s == side || s == copy;
            double std = table ? 1 : 1 / Math.sqrt(s.rows());
            for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                w[i] = norm ? 1 : bias || align ? 0 : std * gaussian(rng);
            }
        }
        return w;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** The candidates' scores as a column on the tape (candidates x 1). */
    public Node scores(Tape t, TextCodes prompt, TextCodes[] responses) {
        Node memory = prompt(t, prompt);
        Node context = t.linear(TapeOps.meanRows(t, memory), global, null);
        Node[] keys = new Node[responseBlocks.length];
        Node[] values = new Node[responseBlocks.length];
        for (int l = 0; l < responseBlocks.length; l++) {
            // Keys and values of the prompt are shared by every candidate: computed once per group.
            keys[l] = t.linear(memory, responseBlocks[l].k(), null);
            values[l] = t.linear(memory, responseBlocks[l].v(), null);
        }
        List<Node> out = new ArrayList<>(responses.length);
        for (TextCodes r : responses) {
            int[] alignment = TextCodes.alignment(r, prompt);
            Node y = t.add(t.add(embed(t, r, 1), context),
                    t.embed(new Slice[] {copy}, new int[][] {TextCodes.copyProfile(alignment, r.length(), prompt.length())}));
            y = t.add(y, t.relu(t.linear(t.window(y, 3), responseConv, responseConvBias)));
            y = t.add(y, t.linear(TapeOps.tokenMean(t, y, r.token()), responseToken, null));
            for (int l = 0; l < responseBlocks.length; l++) {
                Block b = responseBlocks[l];
                Node n = t.rmsNorm(y, b.attnNorm());
                Node attended = TapeOps.attention(t, t.linear(n, b.q(), null), keys[l], values[l], shape.heads(),
                        alignment, b.align());
                y = t.add(y, t.linear(attended, b.o(), null));
                Node match = TapeOps.mul(t, t.linear(n, b.matchIn(), null), attended);
                y = t.add(y, t.linear(match, b.matchOut(), null));
                y = feedForward(t, y, b);
            }
            Node o = t.rmsNorm(y, responseOut);
            Node pooled = TapeOps.concatCols(t, TapeOps.meanRows(t, o), TapeOps.maxRows(t, o));
            out.add(t.linear(t.relu(t.linear(pooled, head1, head1Bias)), head2, head2Bias));
        }
        return TapeOps.column(t, out);
    }

    /** The scores without a tape to record on. */
    public double[] logits(double[] weights, TextCodes prompt, TextCodes[] responses) {
        Node s = scores(new Tape(weights, null), prompt, responses);
        return s.v.clone();
    }

    private Node prompt(Tape t, TextCodes prompt) {
        Node x = embed(t, prompt, 0);
        x = t.add(x, t.relu(t.linear(t.window(x, 5), promptConv, promptConvBias)));
        // Two rounds of (local window, then whole word): a byte learns its word and its word's neighbours.
        x = t.add(x, t.linear(TapeOps.tokenMean(t, x, prompt.token()), promptToken, null));
        // the second window is dilated (every other byte, 9 wide) so a word sees the words around it
        x = t.add(x, t.relu(t.linear(t.window(t.rmsNorm(x, promptConv2Norm), 5, 2), promptConv2, promptConv2Bias)));
        x = t.add(x, t.linear(TapeOps.tokenMean(t, x, prompt.token()), promptToken2, null));
        int[] relations = TextCodes.selfAlignment(prompt);
        for (Block b : promptSelf) {
            Node n = t.rmsNorm(x, b.attnNorm());
            Node attended = TapeOps.attention(t, t.linear(n, b.q(), null), t.linear(n, b.k(), null),
                    t.linear(n, b.v(), null), shape.heads(), relations, b.align());
            x = t.add(x, t.linear(attended, b.o(), null));
            x = feedForward(t, x, b);
        }
        return t.rmsNorm(x, promptOut);
    }

    private Node feedForward(Tape t, Node x, Block b) {
        Node h = t.relu(t.linear(t.rmsNorm(x, b.ffnNorm()), b.w1(), b.b1()));
        return t.add(x, t.linear(h, b.w2(), b.b2()));
    }

    private Node embed(Tape t, TextCodes codes, int sideId) {
        int[] sides = new int[codes.length()];
        java.util.Arrays.fill(sides, sideId);
        return t.embed(new Slice[] {embed, fromStart, fromEnd, side},
                new int[][] {codes.bytes(), codes.fromStart(), codes.fromEnd(), sides});
    }

    /** A prompt's codes under this scorer's length limit. */
    public TextCodes promptCodes(String prompt) {
        // The end marker too, so an empty prompt still has one position to attend to.
        return TextCodes.of(prompt, shape.maxPromptBytes(), true);
    }

    /** A response's codes under this scorer's length limit, with the end marker. */
    public TextCodes responseCodes(String response) {
        return TextCodes.of(response, shape.maxResponseBytes(), true);
    }
}
