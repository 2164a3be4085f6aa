package dev.orbiter.train.verl.launcher;

import dev.orbiter.train.trajectory.PromptGroups;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import dev.orbiter.train.verl.RewardFunction;
import dev.orbiter.train.verl.local.Episodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes items as VeRL's RL dataset: one Parquet row per prompt with {@code data_source},
 * {@code prompt} (a chat list, {@code [{role: user, content: input}]}), {@code ability},
 * {@code reward_model} ({@code {style: rule, ground_truth}}) and {@code extra_info}
 * ({@code split, index, item_id, task_id, prompt}). Lists use Parquet's standard three-level
 * layout, which pyarrow (and so VeRL's loader) reads as {@code list<struct>}. Uncompressed: Parquet's
 * codecs go through Hadoop, and this module runs without Hadoop on the class path.
 *
 * <p>Items sharing a group (see {@link Episodes}) are one prompt. The ground truth is the group's
 * {@code metadata.ground_truth}, else its best-rewarded response; {@code data_source} and
 * {@code ability} come from metadata, defaulting to {@code orbiter} and {@code general}.
 */
public final class VerlParquet {

    public static final String DEFAULT_DATA_SOURCE = "orbiter";
    public static final String DEFAULT_ABILITY = "general";

    /** The Avro schema of one row. */
    public static final Schema ROW = SchemaBuilder.record("VerlRow").namespace("dev.orbiter.train.verl").fields()
            .requiredString("data_source")
            .name("prompt").type().array().items(SchemaBuilder.record("ChatTurn").fields()
                    .requiredString("role").requiredString("content").endRecord()).noDefault()
            .requiredString("ability")
            .name("reward_model").type(SchemaBuilder.record("RewardModel").fields()
                    .requiredString("style").requiredString("ground_truth").endRecord()).noDefault()
            .name("extra_info").type(SchemaBuilder.record("ExtraInfo").fields()
                    .requiredString("split").requiredLong("index").requiredString("item_id")
                    .requiredString("task_id").requiredString("prompt").endRecord()).noDefault()
            .endRecord();

    private VerlParquet() {
    }

    /** Writes one row per prompt group to {@code file}; returns the number of rows. */
    public static int write(Path file, List<TrajectoryItem> items, String split, RewardFunction reward) {
        List<GenericRecord> rows = rows(items, split, reward);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            PlainParquetConfiguration conf = new PlainParquetConfiguration();
            conf.set("parquet.avro.write-old-list-structure", "false");
            try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                    .withSchema(ROW).withDataModel(GenericData.get()).withConf(conf).withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
                for (GenericRecord row : rows) {
                    writer.write(row);
                }
            }
        } catch (IOException e) {
            throw new TrainerError("cannot write VeRL parquet " + file + ": " + e.getMessage(), e);
        }
        return rows.size();
    }

    static List<GenericRecord> rows(List<TrajectoryItem> items, String split, RewardFunction reward) {
        Map<String, List<TrajectoryItem>> groups = new LinkedHashMap<>();
        for (TrajectoryItem item : items) {
            groups.computeIfAbsent(PromptGroups.key(item), k -> new ArrayList<>()).add(item);
        }
        List<GenericRecord> rows = new ArrayList<>(groups.size());
        long index = 0;
        for (List<TrajectoryItem> group : groups.values()) {
            rows.add(row(group, split, index++, reward));
        }
        return rows;
    }

    private static GenericRecord row(List<TrajectoryItem> group, String split, long index, RewardFunction reward) {
        TrajectoryItem first = group.get(0);
        String prompt = first.input() == null ? "" : first.input();
        GenericRecord turn = new GenericData.Record(ROW.getField("prompt").schema().getElementType());
        turn.put("role", "user");
        turn.put("content", prompt);
        GenericRecord rewardModel = new GenericData.Record(ROW.getField("reward_model").schema());
        rewardModel.put("style", "rule");
        rewardModel.put("ground_truth", groundTruth(group, reward));
        GenericRecord extra = new GenericData.Record(ROW.getField("extra_info").schema());
        extra.put("split", split);
        extra.put("index", index);
        extra.put("item_id", first.id());
        extra.put("task_id", first.taskId() == null ? "" : first.taskId());
        extra.put("prompt", prompt);
        GenericRecord row = new GenericData.Record(ROW);
        row.put("data_source", metadata(group, "data_source", DEFAULT_DATA_SOURCE));
        row.put("prompt", List.of(turn));
        row.put("ability", metadata(group, "ability", DEFAULT_ABILITY));
        row.put("reward_model", rewardModel);
        row.put("extra_info", extra);
        return row;
    }

    private static String groundTruth(List<TrajectoryItem> group, RewardFunction reward) {
        String declared = metadata(group, "ground_truth", null);
        if (declared != null) {
            return declared;
        }
        TrajectoryItem best = null;
        double bestReward = Double.NEGATIVE_INFINITY;
        for (TrajectoryItem item : group) {
            Double r = reward != null ? Double.valueOf(reward.score(item)) : item.score();
            if (r != null && r > bestReward) {
                best = item;
                bestReward = r;
            }
        }
        if (best == null) {
            throw new TrainerError("prompt of item " + group.get(0).id() + " has no metadata.ground_truth and no "
                    + "scored response to take it from");
        }
        return best.output() == null ? "" : best.output();
    }

    private static String metadata(List<TrajectoryItem> group, String key, String fallback) {
        for (TrajectoryItem item : group) {
            Object v = item.metadata().get(key);
            if (v != null && !String.valueOf(v).isEmpty()) {
                return String.valueOf(v);
            }
        }
        return fallback;
    }
}
