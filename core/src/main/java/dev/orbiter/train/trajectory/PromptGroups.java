package dev.orbiter.train.trajectory;

/**
 * The one definition of a response's prompt group (the responses GRPO compares with each other,
 * that near-dedup never counts as copies of each other, that splits keep together): its group id
 * when it has one ({@code metadata.group_id}, the Avro step's {@code group_id}), else its prompt
 * (the input).
 */
public final class PromptGroups {

    /** The metadata key that names an item's group; the Avro step carries it as {@code group_id}. */
    public static final String GROUP_ID = "group_id";

    private PromptGroups() {
    }

    /** The group's identity: the group id if it is not blank, else the input ({@code ""} for none). */
    public static String id(String groupId, String input) {
        if (groupId != null && !groupId.isBlank()) {
            return groupId;
        }
        return input == null ? "" : input;
    }

    /**
     * A map key for the group, in which a group id and a prompt with the same text never meet
     * ({@code g:<id>} or {@code p:<input>}).
     */
    public static String key(String groupId, String input) {
        return groupId != null && !groupId.isBlank() ? "g:" + groupId : "p:" + (input == null ? "" : input);
    }

    /** {@link #key} of an item. */
    public static String key(TrajectoryItem item) {
        Object g = item.metadata().get(GROUP_ID);
        return key(g == null ? null : String.valueOf(g), item.input());
    }
}
