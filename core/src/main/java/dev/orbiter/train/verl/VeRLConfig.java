package dev.orbiter.train.verl;

import dev.orbiter.train.trainer.TrainConfig;
import java.util.Objects;

/**
 * The settings of a VeRL job: the common {@link TrainConfig} plus the algorithm, rollout and PPO
 * settings, model names, length limits and the backend that trains. Immutable; validated at
 * build time ({@code rolloutBatchSize >= 1}, {@code ppoEpochs >= 1}, {@code clipRange} in [0, 1]).
 */
public final class VeRLConfig extends TrainConfig {

    private final VeRLAlgorithm algorithm;
    private final int rolloutBatchSize;
    private final int ppoEpochs;
    private final double klCoeff;
    private final double clipRange;
    private final double gamma;
    private final double lam;
    private final String modelName;
    private final String tokenizerName;
    private final int maxPromptLength;
    private final int maxResponseLength;
    private final VeRLBackend backend;

    /** All defaults (GRPO, backend VERL). */
    public VeRLConfig() {
        this(builder());
    }

    private VeRLConfig(Builder b) {
        super(b);
        if (b.rolloutBatchSize < 1) {
            throw new IllegalArgumentException("rolloutBatchSize must be >= 1, got " + b.rolloutBatchSize);
        }
        if (b.ppoEpochs < 1) {
            throw new IllegalArgumentException("ppoEpochs must be >= 1, got " + b.ppoEpochs);
        }
        if (!(b.clipRange >= 0.0 && b.clipRange <= 1.0)) {
            throw new IllegalArgumentException("clipRange must be in [0, 1], got " + b.clipRange);
        }
        this.algorithm = Objects.requireNonNull(b.algorithm, "algorithm");
        this.rolloutBatchSize = b.rolloutBatchSize;
        this.ppoEpochs = b.ppoEpochs;
        this.klCoeff = b.klCoeff;
        this.clipRange = b.clipRange;
        this.gamma = b.gamma;
        this.lam = b.lam;
        this.modelName = b.modelName == null ? "" : b.modelName;
        this.tokenizerName = b.tokenizerName == null ? "" : b.tokenizerName;
        this.maxPromptLength = b.maxPromptLength;
        this.maxResponseLength = b.maxResponseLength;
        this.backend = Objects.requireNonNull(b.backend, "backend");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return builder().from(this).algorithm(algorithm).rolloutBatchSize(rolloutBatchSize).ppoEpochs(ppoEpochs)
                .klCoeff(klCoeff).clipRange(clipRange).gamma(gamma).lam(lam).modelName(modelName)
                .tokenizerName(tokenizerName).maxPromptLength(maxPromptLength).maxResponseLength(maxResponseLength)
                .backend(backend);
    }

    public VeRLAlgorithm algorithm() {
        return algorithm;
    }

    public int rolloutBatchSize() {
        return rolloutBatchSize;
    }

    public int ppoEpochs() {
        return ppoEpochs;
    }

    public double klCoeff() {
        return klCoeff;
    }

    /** The guide's name for {@link #klCoeff()}. */
    public double klCoef() {
        return klCoeff;
    }

    public double clipRange() {
        return clipRange;
    }

    public double gamma() {
        return gamma;
    }

    public double lam() {
        return lam;
    }

    public String modelName() {
        return modelName;
    }

    public String tokenizerName() {
        return tokenizerName;
    }

    public int maxPromptLength() {
        return maxPromptLength;
    }

    public int maxResponseLength() {
        return maxResponseLength;
    }

    public VeRLBackend backend() {
        return backend;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        VeRLConfig c = (VeRLConfig) o;
        return algorithm == c.algorithm && rolloutBatchSize == c.rolloutBatchSize && ppoEpochs == c.ppoEpochs
                && Double.compare(klCoeff, c.klCoeff) == 0 && Double.compare(clipRange, c.clipRange) == 0
                && Double.compare(gamma, c.gamma) == 0 && Double.compare(lam, c.lam) == 0
                && modelName.equals(c.modelName) && tokenizerName.equals(c.tokenizerName)
                && maxPromptLength == c.maxPromptLength && maxResponseLength == c.maxResponseLength
                && backend == c.backend;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), algorithm, rolloutBatchSize, ppoEpochs, klCoeff, clipRange, gamma, lam,
                modelName, tokenizerName, maxPromptLength, maxResponseLength, backend);
    }

    @Override
    public String toString() {
        return "VeRLConfig(algorithm=" + algorithm.value() + ", backend=" + backend.value() + ", epochs=" + epochs()
                + ", batch_size=" + batchSize() + ", learning_rate=" + learningRate() + ", rollout_batch_size="
                + rolloutBatchSize + ", ppo_epochs=" + ppoEpochs + ", kl_coeff=" + klCoeff + ", clip_range="
                + clipRange + ", gamma=" + gamma + ", lam=" + lam + ")";
    }

    /** Builds a {@link VeRLConfig}; every {@link TrainConfig} setter chains in any order. */
    public static final class Builder extends TrainConfig.Builder {
        private VeRLAlgorithm algorithm = VeRLAlgorithm.GRPO;
        private int rolloutBatchSize = 4;
        private int ppoEpochs = 4;
        private double klCoeff = 0.1;
        private double clipRange = 0.2;
        private double gamma = 1.0;
        private double lam = 0.95;
        private String modelName = "";
        private String tokenizerName = "";
        private int maxPromptLength = 1024;
        private int maxResponseLength = 512;
        private VeRLBackend backend = VeRLBackend.VERL;

        public Builder algorithm(VeRLAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder rolloutBatchSize(int rolloutBatchSize) {
            this.rolloutBatchSize = rolloutBatchSize;
            return this;
        }

        public Builder ppoEpochs(int ppoEpochs) {
            this.ppoEpochs = ppoEpochs;
            return this;
        }

        public Builder klCoeff(double klCoeff) {
            this.klCoeff = klCoeff;
            return this;
        }

        /** The guide's name for {@link #klCoeff(double)}. */
        public Builder klCoef(double klCoef) {
            return klCoeff(klCoef);
        }

        public Builder clipRange(double clipRange) {
            this.clipRange = clipRange;
            return this;
        }

        public Builder gamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        public Builder lam(double lam) {
            this.lam = lam;
            return this;
        }

        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        public Builder tokenizerName(String tokenizerName) {
            this.tokenizerName = tokenizerName;
            return this;
        }

        public Builder maxPromptLength(int maxPromptLength) {
            this.maxPromptLength = maxPromptLength;
            return this;
        }

        public Builder maxResponseLength(int maxResponseLength) {
            this.maxResponseLength = maxResponseLength;
            return this;
        }

        public Builder backend(VeRLBackend backend) {
            this.backend = backend;
            return this;
        }

        @Override
        public Builder from(TrainConfig c) {
            super.from(c);
            return this;
        }

        @Override
        public Builder epochs(int epochs) {
            super.epochs(epochs);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        public Builder learningRate(double learningRate) {
            super.learningRate(learningRate);
            return this;
        }

        @Override
        public Builder outputDir(String outputDir) {
            super.outputDir(outputDir);
            return this;
        }

        @Override
        public Builder extra(java.util.Map<String, ?> extra) {
            super.extra(extra);
            return this;
        }

        @Override
        public Builder extra(String key, Object value) {
            super.extra(key, value);
            return this;
        }

        @Override
        public Builder warmupSteps(int steps) {
            super.warmupSteps(steps);
            return this;
        }

        @Override
        public Builder evalEvery(int steps) {
            super.evalEvery(steps);
            return this;
        }

        @Override
        public VeRLConfig build() {
            return new VeRLConfig(this);
        }
    }
}
