package dev.orbiter.train.trajectory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.orbiter.train.internal.Csv;
import dev.orbiter.train.internal.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset file formats: pretty JSON array, JSONL and CSV, all in the key order of
 * {@link TrajectoryItem#toMap()}. Items are streamed to the generator field by field, without
 * building intermediate maps, so exports run at memory speed.
 */
final class ItemFormats {

    static final String CSV_HEADER = String.join(",", ItemMaps.KEYS);

    private ItemFormats() {
    }

    /** Writes a JSON array of items, indented like Python's {@code json.dumps(indent=2)}. */
    static void writeJsonArray(List<TrajectoryItem> items, Writer out) throws IOException {
        if (items.isEmpty()) {
            out.write("[]");
            return;
        }
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.setPrettyPrinter(new PythonPrettyPrinter());
            g.writeStartArray();
            for (TrajectoryItem item : items) {
                writeItem(g, item);
            }
            g.writeEndArray();
        }
    }

    /** Writes one compact JSON object per line, as UTF-8 bytes, encoded on every core ({@link JsonlChunks}). */
    static void writeJsonl(Iterable<TrajectoryItem> items, java.io.OutputStream out) throws IOException {
        JsonlChunks.write(items, out);
    }

    /** The field names, quoted and UTF-8-encoded once rather than for every item. */
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString TASK_ID = new SerializedString("task_id");
    private static final SerializedString AGENT_ID = new SerializedString("agent_id");
    private static final SerializedString STEP = new SerializedString("step");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString INPUT = new SerializedString("input");
    private static final SerializedString MESSAGES = new SerializedString("messages");
    private static final SerializedString CONTEXT = new SerializedString("context");
    private static final SerializedString OUTPUT = new SerializedString("output");
    private static final SerializedString TOOL_CALLS = new SerializedString("tool_calls");
    private static final SerializedString SCORE = new SerializedString("score");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString METADATA = new SerializedString("metadata");

    /** Writes the item as a JSON object in toMap() key order. */
    static void writeItem(JsonGenerator g, TrajectoryItem item) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(item.id());
        g.writeFieldName(TASK_ID);
        g.writeString(item.taskId());
        g.writeFieldName(AGENT_ID);
        g.writeString(item.agentId());
        g.writeFieldName(STEP);
        g.writeNumber(item.step());
        g.writeFieldName(TIMESTAMP);
        writeEpochSeconds(g, item.timestamp());
        g.writeFieldName(INPUT);
        g.writeString(item.input());
        g.writeFieldName(MESSAGES);
        writeValue(g, item.messages());
        g.writeFieldName(CONTEXT);
        writeValue(g, item.context());
        g.writeFieldName(OUTPUT);
        g.writeString(item.output());
        g.writeFieldName(TOOL_CALLS);
        writeValue(g, item.toolCalls());
        g.writeFieldName(SCORE);
        if (item.score() == null) {
            g.writeNull();
        } else {
            g.writeNumber(item.score());
        }
        g.writeFieldName(STATUS);
        g.writeString(item.status());
        g.writeFieldName(METADATA);
        writeValue(g, item.metadata());
        g.writeEndObject();
    }

    /** The timestamp as {@link ItemMaps#epochSecondsText}, its characters straight into the generator. */
    private static void writeEpochSeconds(JsonGenerator g, Instant ts) throws IOException {
        char[] buf = new char[ItemMaps.EPOCH_CHARS];
        int n = ItemMaps.epochSecondsChars(ts, buf);
        if (n < 0) {
            g.writeNumber(ItemMaps.epochSecondsText(ts));
        } else {
            g.writeNumber(buf, 0, n);
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Map) {
            g.writeStartObject();
            writeEntries(g, (Map<?, ?>) v);
            g.writeEndObject();
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object o : (List<?>) v) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Integer) {
            g.writeNumber((Integer) v);
        } else if (v instanceof Long) {
            g.writeNumber((Long) v);
        } else if (v instanceof Double) {
            g.writeNumber((Double) v);
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else {
            g.writeObject(v); // BigInteger and anything unusual
        }
    }

    /**
     * A map's entries through {@code forEach}: an item's maps are unmodifiable views, whose entry
     * iterator wraps every entry in a new object (with presized lists, the core pipeline benchmark
     * ran about 4% faster).
     */
    private static void writeEntries(JsonGenerator g, Map<?, ?> map) throws IOException {
        try {
            map.forEach((k, value) -> {
                try {
                    g.writeFieldName(k instanceof String ? (String) k : String.valueOf(k));
                    writeValue(g, value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The CSV text of the items: header, one row each, CRLF line ends; empty for no items. */
    static String toCsv(List<TrajectoryItem> items) {
        StringWriter out = new StringWriter(items.size() * 256);
        try {
            writeCsv(items, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Streams the CSV to a writer one row at a time, so exports need no whole-file string. */
    static void writeCsv(List<TrajectoryItem> items, Writer out) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        out.write(CSV_HEADER);
        out.write(Csv.EOL);
        StringBuilder line = new StringBuilder(512);
        List<String> row = new ArrayList<>(ItemMaps.KEYS.size());
        for (TrajectoryItem item : items) {
            row.clear();
            row.add(item.id());
            row.add(item.taskId());
            row.add(item.agentId());
            row.add(Integer.toString(item.step()));
            row.add(ItemMaps.epochSecondsText(item.timestamp()));
            row.add(item.input());
            row.add(Json.write(item.messages()));
            row.add(Json.write(item.context()));
            row.add(item.output());
            row.add(Json.write(item.toolCalls()));
            row.add(item.score() == null ? "" : Double.toString(item.score()));
            row.add(item.status());
            row.add(Json.write(item.metadata()));
            line.setLength(0);
            Csv.appendRow(line, row);
            out.append(line);
        }
    }

    /** Parses CSV written by {@link #toCsv}; columns are found by header name. */
    static List<TrajectoryItem> fromCsv(String text) {
        List<List<String>> rows = Csv.parse(text);
        List<TrajectoryItem> items = new ArrayList<>();
        if (rows.isEmpty()) {
            return items;
        }
        List<String> header = rows.get(0);
        if (!header.contains("id")) {
            throw new TrajectoryError("CSV header must contain 'id', got " + header);
        }
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new TrajectoryError("CSV row " + r + " has " + row.size() + " cells, header has " + header.size());
            }
            Map<String, Object> map = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                map.put(header.get(c), csvCell(header.get(c), row.get(c), r));
            }
            items.add(ItemMaps.fromMap(map));
        }
        return items;
    }

    private static Object csvCell(String key, String cell, int row) {
        try {
            switch (key) {
                case "step":
                    return cell.isEmpty() ? null : Integer.parseInt(cell);
                case "timestamp":
                    return cell.isEmpty() ? null : cell;
                case "score":
                    return cell.isEmpty() ? null : Double.parseDouble(cell);
                case "messages":
                case "context":
                case "tool_calls":
                case "metadata":
                    return cell.isEmpty() ? null : Json.parse(cell);
                default:
                    return cell;
            }
        } catch (IOException | NumberFormatException e) {
            throw new TrajectoryError("Invalid value for '" + key + "' in CSV row " + row + ": " + e.getMessage(), e);
        }
    }

    /** Python-style pretty printing: two-space indents, "key": value, empty containers as [] and {}. */
    private static final class PythonPrettyPrinter extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        PythonPrettyPrinter() {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentArraysWith(indenter);
            indentObjectsWith(indenter);
            withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            _objectFieldValueSeparatorWithSpaces = ": ";
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new PythonPrettyPrinter();
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            if (!_objectIndenter.isInline()) {
                --_nesting;
            }
            if (entries > 0) {
                _objectIndenter.writeIndentation(g, _nesting);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            if (!_arrayIndenter.isInline()) {
                --_nesting;
            }
            if (values > 0) {
                _arrayIndenter.writeIndentation(g, _nesting);
            }
            g.writeRaw(']');
        }
    }
}
