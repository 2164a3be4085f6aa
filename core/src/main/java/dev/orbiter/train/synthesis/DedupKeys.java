package dev.orbiter.train.synthesis;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The dedup key of an item, which is also its key in the dataset topic: the item's id when the
 * key is just {@code id}, else the first 128 bits (hex) of SHA-256 over the named fields' values
 * (fields by snake_case name, else metadata entries; see {@link Synthesis#keyValue}).
 */
public final class DedupKeys {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private DedupKeys() {
    }

    public static String of(TrajectoryItem item, List<String> fields) {
        if (fields.size() == 1 && "id".equals(fields.get(0))) {
            return item.id();
        }
        MessageDigest md = SHA256.get();
        md.reset();
        for (String f : fields) {
            md.update(Synthesis.keyValue(item, f).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0); // so ("ab","c") and ("a","bc") differ
        }
        return HexFormat.of().formatHex(md.digest(), 0, 16);
    }
}
