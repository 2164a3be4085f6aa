package dev.orbiter.train.client.dataset;

import dev.orbiter.train.client.serde.WireFormat;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content digest of a frozen snapshot: SHA-256 over its items in storage order, each as the
 * 4-byte big-endian length and bytes of its key (UTF-8), then the 4-byte length and bytes of its
 * Avro body. The body is the value without its 5-byte wire-format header, so a copy of the
 * snapshot under another registry (other schema ids, same schemas) has the same digest. The
 * lengths make the encoding unambiguous: no two item lists hash the same bytes.
 */
public final class SnapshotDigest {

    /** Prefix of the digest's text form, naming the algorithm. */
    public static final String PREFIX = "sha256:";

    private final MessageDigest sha256;
    private final byte[] length = new byte[4];
    private long items;

    public SnapshotDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Adds one item: its key bytes and its value in the Confluent wire format. */
    public void add(byte[] key, byte[] value) {
        int bodyOffset = value.length >= WireFormat.HEADER_SIZE && value[0] == WireFormat.MAGIC ? WireFormat.HEADER_SIZE : 0;
        field(key, 0, key.length);
        field(value, bodyOffset, value.length - bodyOffset);
        items++;
    }

    private void field(byte[] bytes, int offset, int count) {
        length[0] = (byte) (count >>> 24);
        length[1] = (byte) (count >>> 16);
        length[2] = (byte) (count >>> 8);
        length[3] = (byte) count;
        sha256.update(length);
        sha256.update(bytes, offset, count);
    }

    /** How many items were added. */
    public long items() {
        return items;
    }

    /** {@code sha256:<64 hex digits>}; ends this digest. */
    public String finish() {
        return PREFIX + HexFormat.of().formatHex(sha256.digest());
    }
}
