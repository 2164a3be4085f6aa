package dev.orbiter.train.verl;

/** The reinforcement-learning algorithm of a VeRL job: PPO (learned critic, GAE) or GRPO (group-relative advantages). */
public enum VeRLAlgorithm {
    PPO("ppo"), GRPO("grpo");

    private final String value;

    VeRLAlgorithm(String value) {
        this.value = value;
    }

    /** The lower-case wire value. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    /** Parses a wire value; unknown values are an {@link IllegalArgumentException}. */
    public static VeRLAlgorithm fromValue(String value) {
        for (VeRLAlgorithm v : values()) {
            if (v.value.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown VeRLAlgorithm value: " + value);
    }
}
