package dev.orbiter.train.avro;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Loads a set of {@code .avsc} files from the classpath the way the build does: the referenced
 * types first, so that records naming them by their full name resolve.
 */
public final class SchemaFiles {

    /** Parse order: every type before the records that reference it. */
    public static final List<String> ORDER = List.of(
            "NestedJson", "ToolCall", "ChatMessage", "PartitionOffset",
            "VeRLJobConfig", "EvolutionJobConfig", "SynthesisJobConfig", "JobConfig",
            "TrajectoryStep", "RewardEvent", "DatasetSnapshot", "TrainingJob", "JobStatus", "TrainingMetric");

    private SchemaFiles() {
    }

    /** The released schema history, newest last: {@code history/v1}, ... */
    public static List<String> releases() {
        return List.of("history/v1");
    }

    /** Parses every schema under a classpath folder (e.g. {@code avro} or {@code history/v1}). */
    public static Map<String, Schema> load(String folder) {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (String name : ORDER) {
            String resource = folder + "/" + name + ".avsc";
            try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    continue; // a type added after that release
                }
                schemas.put(name, parser.parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return schemas;
    }
}
