package dev.orbiter.train.curation;

/**
 * What a dataset's filter hands on (never serialized): the step's bytes for the dedup stage, or a
 * dead letter when curating it threw.
 */
record Filtered(byte[] bytes, DeadLetter deadLetter) {

    static Filtered kept(byte[] bytes) {
        return new Filtered(bytes, null);
    }

    static Filtered dead(DeadLetter letter) {
        return new Filtered(null, letter);
    }

    boolean isDead() {
        return deadLetter != null;
    }
}
