package dev.orbiter.train.verl.local;

import dev.orbiter.train.internal.AtomicFiles;
import dev.orbiter.train.internal.Json;
import dev.orbiter.train.verl.local.nn.PairScorer;
import dev.orbiter.train.verl.local.nn.ScorerShape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The LOCAL trainer's checkpoints, laid out like VeRL's: {@code <outputDir>/global_step_<N>/}
 * with {@code policy.bin} (actor and critic weights), {@code trainer_state.bin} (reference
 * policy, Adam moments, step and epoch) and {@code meta.json}; and
 * {@code <outputDir>/latest_checkpointed_iteration.txt} naming the newest. Weight vectors are
 * stored sparsely (index, value), written through a temporary file and a move.
 */
final class Checkpoints {

    static final String LATEST = "latest_checkpointed_iteration.txt";
    static final String POLICY = "policy.bin";
    static final String STATE = "trainer_state.bin";
    static final String META = "meta.json";
    private static final int POLICY_MAGIC = 0x4F54504C; // "OTPL"
    private static final int STATE_MAGIC = 0x4F545453; // "OTTS"
    /** The trainer state's version, and the linear policy's. */
    static final int VERSION = 1;
    /**
     * A policy file of the neural model: version 4, with the scorer's shape after the header.
     * Versions 2 and 3 hold weights of earlier layouts (see {@link #FORMER_NEURAL}).
     */
    static final int NEURAL_VERSION = 4;
    /** The earlier neural formats, and the change to the scorer that ended each. */
    private static final Map<Integer, String> FORMER_NEURAL = Map.of(
            2, "before the scorer gained its copied-run relations",
            3, "before the scorer read each response byte's copy profile");

    /** What a resumed run needs besides the policy. */
    record TrainerState(double[] reference, Adam actor, Adam critic, int globalStep, int epoch) {
    }

    private Checkpoints() {
    }

    static Path stepDir(Path outputDir, int globalStep) {
        return outputDir.resolve("global_step_" + globalStep);
    }

    /** The newest checkpoint directory under an output directory, if any. */
    static Optional<Path> latest(Path outputDir) throws IOException {
        Path pointer = outputDir.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        int step = Integer.parseInt(Files.readString(pointer, StandardCharsets.UTF_8).trim());
        return Optional.of(stepDir(outputDir, step));
    }

    static Path policyFile(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (Files.isRegularFile(path.resolve(POLICY))) {
            return path.resolve(POLICY);
        }
        Optional<Path> latest = latest(path);
        if (latest.isPresent()) {
            return latest.get().resolve(POLICY);
        }
        throw new IOException("no " + POLICY + ", checkpoint directory or " + LATEST + " at " + path);
    }

    static void save(Path outputDir, LocalPolicy policy, TrainerState state, Map<String, Object> meta)
            throws IOException {
        Path dir = stepDir(outputDir, state.globalStep());
        writePolicy(dir.resolve(POLICY), policy);
        AtomicFiles.writeBytes(dir.resolve(STATE), out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(STATE_MAGIC);
            d.writeInt(VERSION);
            d.writeInt(state.globalStep());
            d.writeInt(state.epoch());
            writeSparse(d, state.reference());
            writeAdam(d, state.actor());
            writeAdam(d, state.critic());
            d.flush();
        });
        AtomicFiles.write(dir.resolve(META), w -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(w, meta));
        // The pointer moves last: a crash mid-save leaves the previous checkpoint as the latest.
        AtomicFiles.write(outputDir.resolve(LATEST), w -> w.write(Integer.toString(state.globalStep())));
    }

    static TrainerState readState(Path checkpointDir) throws IOException {
        try (DataInputStream d = open(checkpointDir.resolve(STATE))) {
            expect(d, STATE_MAGIC, checkpointDir.resolve(STATE));
            int step = d.readInt();
            int epoch = d.readInt();
            double[] reference = readSparse(d);
            Adam actor = readAdam(d);
            Adam critic = readAdam(d);
            return new TrainerState(reference, actor, critic, step, epoch);
        }
    }

    static void writePolicy(Path file, LocalPolicy policy) throws IOException {
        AtomicFiles.writeBytes(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(POLICY_MAGIC);
            if (policy.model() instanceof NeuralModel n) {
                d.writeInt(NEURAL_VERSION);
                ScorerShape shape = n.scorer().shape();
                for (int v : new int[] {shape.dim(), shape.heads(), shape.ffn(), shape.promptLayers(), shape.layers(),
                        shape.maxPromptBytes(), shape.maxResponseBytes()}) {
                    d.writeInt(v);
                }
            } else {
                d.writeInt(VERSION);
            }
            d.writeInt(policy.hasher().buckets());
            writeSparse(d, policy.weights);
            writeSparse(d, policy.valueWeights);
            d.flush();
        });
    }

    static LocalPolicy readPolicy(Path file) throws IOException {
        try (DataInputStream d = open(file)) {
            if (d.readInt() != POLICY_MAGIC) {
                throw new IOException(file + " is not a LOCAL policy file");
            }
            int version = d.readInt();
            if (FORMER_NEURAL.containsKey(version)) {
                throw new IOException(file + " is a neural LOCAL policy of format " + version + ", written "
                        + FORMER_NEURAL.get(version) + "; its weights do not fit this build's scorer (format "
                        + NEURAL_VERSION + "): train it again");
            }
            if (version != VERSION && version != NEURAL_VERSION) {
                throw new IOException(file + " is a version-" + version + " LOCAL policy; this build reads versions "
                        + VERSION + " (linear) and " + NEURAL_VERSION + " (neural)");
            }
            ScorerShape shape = version == NEURAL_VERSION ? shape(d, file) : null;
            int buckets = d.readInt();
            double[] weights = readSparse(d);
            double[] values = readSparse(d);
            try {
                FeatureHasher hasher = new FeatureHasher(buckets);
                PolicyModel model = shape == null ? new LinearModel(hasher) : new NeuralModel(new PairScorer(shape));
                return new LocalPolicy(model, hasher, weights, values);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " is damaged: " + e.getMessage(), e);
            }
        }
    }

    private static ScorerShape shape(DataInputStream d, Path file) throws IOException {
        try {
            return new ScorerShape(d.readInt(), d.readInt(), d.readInt(), d.readInt(), d.readInt(), d.readInt(), d.readInt());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds an invalid scorer shape: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    private static void expect(DataInputStream d, int magic, Path file) throws IOException {
        int m = d.readInt();
        int version = d.readInt();
        if (m != magic || version != VERSION) {
            throw new IOException(file + " is not a version-" + VERSION + " LOCAL checkpoint file");
        }
    }

    private static void writeAdam(DataOutputStream d, Adam adam) throws IOException {
        d.writeLong(adam.t);
        writeSparse(d, adam.m);
        writeSparse(d, adam.v);
    }

    private static Adam readAdam(DataInputStream d) throws IOException {
        long t = d.readLong();
        return new Adam(readSparse(d), readSparse(d), t);
    }

    private static void writeSparse(DataOutputStream d, double[] values) throws IOException {
        int nonZero = 0;
        for (double v : values) {
            if (v != 0) {
                nonZero++;
            }
        }
        d.writeInt(values.length);
        d.writeInt(nonZero);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0) {
                d.writeInt(i);
                d.writeDouble(values[i]);
            }
        }
    }

    private static double[] readSparse(DataInputStream d) throws IOException {
        double[] values = new double[d.readInt()];
        int nonZero = d.readInt();
        for (int i = 0; i < nonZero; i++) {
            values[d.readInt()] = d.readDouble();
        }
        return values;
    }
}
