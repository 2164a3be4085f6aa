package dev.orbiter.train.curation;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the group store holds, encoded by hand (the store's values are bytes): under the group key
 * a header (state, when the first candidate came, when the group closed, how many candidates it
 * holds); under {@code <group key>/<dataset key>} each candidate's score and, while the group is
 * open (or dropped for equal scores), its curated bytes. After the close a candidate keeps only its score, so a late reward is
 * told from a straggler; the whole group is forgotten {@code group.retention} after its close.
 */
final class GroupState {

    /**
     * A group's state. {@code EQUAL}: closed and dropped because its scores were all equal, its
     * candidates still held, so that a late reward that makes them differ releases it after all.
     */
    enum Status { OPEN, RELEASED, DROPPED, EQUAL }

    /** The group's header. */
    record Header(Status status, long opened, long closed, int members) {

        Header with(Status s, long closedAt) {
            return new Header(s, opened, closedAt, members);
        }

        Header withMembers(int n) {
            return new Header(status, opened, closed, n);
        }

        byte[] encode() {
            return ByteBuffer.allocate(21).put((byte) status.ordinal()).putLong(opened).putLong(closed).putInt(members)
                    .array();
        }

        static Header decode(byte[] b) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new Header(Status.values()[buf.get()], buf.getLong(), buf.getLong(), buf.getInt());
        }
    }

    /** One candidate: its score (NaN when it has none) and its bytes (empty once the group closed). */
    record Member(double score, byte[] bytes) {

        boolean held() {
            return bytes.length > 0;
        }

        Member closed() {
            return new Member(score, new byte[0]);
        }

        byte[] encode() {
            return ByteBuffer.allocate(8 + bytes.length).putDouble(score).put(bytes).array();
        }

        static Member decode(byte[] b) {
            return new Member(ByteBuffer.wrap(b).getDouble(), Arrays.copyOfRange(b, 8, b.length));
        }
    }

    private GroupState() {
    }

    /** The store key of a group's header: its hash in hex (no '/', so member keys sort right after it). */
    static String groupKey(long groupHash) {
        return Long.toHexString(groupHash);
    }

    static String memberPrefix(String groupKey) {
        return groupKey + "/";
    }

    static String memberKey(String groupKey, String datasetKey) {
        return memberPrefix(groupKey) + datasetKey;
    }

    static String datasetKeyOf(String memberKey) {
        return memberKey.substring(memberKey.indexOf('/') + 1);
    }
}
