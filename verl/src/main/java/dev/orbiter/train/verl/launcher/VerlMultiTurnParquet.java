package dev.orbiter.train.verl.launcher;

import dev.orbiter.train.internal.Json;
import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.ChatShapes;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
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
 * Writes items (multi-turn episodes, or steps) as verl's multi-turn Parquet, one row per item:
 * {@code messages} (the raw chat in OpenAI's shape, with {@code tool_calls: [{id, type, function:
 * {name, arguments}}]} and {@code tool_call_id}, what verl's multi-turn SFT dataset reads),
 * {@code tools} (the tool definitions as JSON text, null without), {@code prompt} (the turns
 * before the first answer, what an agent loop rolls out from), {@code agent_name}
 * ({@code tool_agent} when the chat has tool calls or tools, else {@code single_turn_agent}:
 * verl's agent loops), {@code data_source}, {@code ability}, {@code reward_model} and
 * {@code extra_info} (split, index, item and task and agent ids, the item's score).
 */
public final class VerlMultiTurnParquet {

    private static final Schema CALL = SchemaBuilder.record("ToolCall").fields().requiredString("id").requiredString("type")
            .name("function").type(SchemaBuilder.record("Function").fields().requiredString("name")
                    .requiredString("arguments").endRecord()).noDefault().endRecord();
    private static final Schema MESSAGE = SchemaBuilder.record("Message").fields().requiredString("role")
            .optionalString("content").optionalString("name").optionalString("tool_call_id")
            .name("tool_calls").type().nullable().array().items(CALL).noDefault().endRecord();
    private static final Schema TURN = SchemaBuilder.record("PromptTurn").fields().requiredString("role")
            .requiredString("content").endRecord();

    /** The Avro schema of one row. */
    public static final Schema ROW = SchemaBuilder.record("VerlMultiTurnRow").namespace("dev.orbiter.train.verl").fields()
            .requiredString("data_source").requiredString("agent_name")
            .name("prompt").type().array().items(TURN).noDefault()
            .name("messages").type().array().items(MESSAGE).noDefault()
            .optionalString("tools")
            .requiredString("ability")
            .name("reward_model").type(SchemaBuilder.record("MultiTurnRewardModel").fields()
                    .requiredString("style").requiredString("ground_truth").endRecord()).noDefault()
            .name("extra_info").type(SchemaBuilder.record("MultiTurnExtraInfo").fields()
                    .requiredString("split").requiredLong("index").requiredString("item_id").requiredString("task_id")
                    .requiredString("agent_id").optionalDouble("score").endRecord()).noDefault()
            .endRecord();

    private VerlMultiTurnParquet() {
    }

    /** Writes one row per item to {@code file} (through a temporary file, moved in place at the end); returns the rows. */
    public static int write(Path file, List<TrajectoryItem> items, String split, LongConsumer progress) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            PlainParquetConfiguration conf = new PlainParquetConfiguration();
            conf.set("parquet.avro.write-old-list-structure", "false");
            try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(tmp))
                    .withSchema(ROW).withDataModel(GenericData.get()).withConf(conf)
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build()) {
                long index = 0;
                for (TrajectoryItem item : items) {
                    writer.write(row(item, split, index++));
                    progress.accept(index);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TrainerError("cannot write verl multi-turn parquet " + file + ": " + e.getMessage(), e);
        }
        return items.size();
    }

    static GenericRecord row(TrajectoryItem item, String split, long index) {
        List<Map<String, Object>> chat = ChatShapes.conversation(item);
        Object tools = ChatShapes.tools(item);
        List<GenericRecord> messages = new ArrayList<>();
        boolean toolUse = tools != null;
        for (Map<String, Object> m : chat) {
            messages.add(message(m));
            toolUse |= m.containsKey("tool_calls") || "tool".equals(m.get("role"));
        }
        List<GenericRecord> prompt = new ArrayList<>();
        for (Map<String, Object> m : chat) {
            if ("assistant".equals(m.get("role"))) {
                break;
            }
            GenericRecord turn = new GenericData.Record(TURN);
            turn.put("role", m.get("role"));
            turn.put("content", text(m.get("content")) == null ? "" : text(m.get("content")));
            prompt.add(turn);
        }
        GenericRecord reward = new GenericData.Record(ROW.getField("reward_model").schema());
        reward.put("style", "rule");
        reward.put("ground_truth", metadata(item, "ground_truth", item.output() == null ? "" : item.output()));
        GenericRecord extra = new GenericData.Record(ROW.getField("extra_info").schema());
        extra.put("split", split);
        extra.put("index", index);
        extra.put("item_id", item.id());
        extra.put("task_id", item.taskId() == null ? "" : item.taskId());
        extra.put("agent_id", item.agentId() == null ? "" : item.agentId());
        extra.put("score", item.score());
        GenericRecord row = new GenericData.Record(ROW);
        row.put("data_source", metadata(item, "data_source", VerlParquet.DEFAULT_DATA_SOURCE));
        row.put("agent_name", toolUse ? "tool_agent" : "single_turn_agent");
        row.put("prompt", prompt);
        row.put("messages", messages);
        row.put("tools", tools == null ? null : Json.write(tools));
        row.put("ability", metadata(item, "ability", VerlParquet.DEFAULT_ABILITY));
        row.put("reward_model", reward);
        row.put("extra_info", extra);
        return row;
    }

    @SuppressWarnings("unchecked")
    private static GenericRecord message(Map<String, Object> m) {
        GenericRecord r = new GenericData.Record(MESSAGE);
        r.put("role", m.get("role"));
        r.put("content", text(m.get("content")));
        r.put("name", m.get("name"));
        r.put("tool_call_id", m.get("tool_call_id"));
        if (m.get("tool_calls") instanceof List<?> calls) {
            List<GenericRecord> out = new ArrayList<>();
            for (Object c : calls) {
                Map<String, Object> call = (Map<String, Object>) c;
                Map<String, Object> f = (Map<String, Object>) call.get("function");
                GenericRecord fn = new GenericData.Record(CALL.getField("function").schema());
                fn.put("name", f.get("name"));
                fn.put("arguments", f.get("arguments"));
                GenericRecord rc = new GenericData.Record(CALL);
                rc.put("id", call.get("id"));
                rc.put("type", "function");
                rc.put("function", fn);
                out.add(rc);
            }
            r.put("tool_calls", out);
        }
        return r;
    }

    /** Text content as it is; multi-part content (images, parts) as its JSON text. */
    private static String text(Object content) {
        return content == null ? null : content instanceof String s ? s : Json.write(content);
    }

    private static String metadata(TrajectoryItem item, String key, String fallback) {
        Object v = item.metadata().get(key);
        return v != null && !String.valueOf(v).isEmpty() ? String.valueOf(v) : fallback;
    }
}
