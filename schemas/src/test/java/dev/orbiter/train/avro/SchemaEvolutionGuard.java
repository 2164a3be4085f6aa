package dev.orbiter.train.avro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * BACKWARD compatibility guard: a consumer with the current schema must read every record written
 * with any released schema of the same name.
 */
public final class SchemaEvolutionGuard {

    private SchemaEvolutionGuard() {
    }

    /** Returns one line per incompatibility between {@code current} and the released history. */
    public static List<String> violations(Map<String, Schema> current, List<Map<String, Schema>> history) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Schema> release : history) {
            release.forEach((name, released) -> {
                Schema now = current.get(name);
                if (now == null) {
                    problems.add(name + ": released schema was removed");
                    return;
                }
                var result = SchemaCompatibility.checkReaderWriterCompatibility(now, released);
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    problems.add(name + ": " + result.getResult().getIncompatibilities());
                }
            });
        }
        return problems;
    }
}
