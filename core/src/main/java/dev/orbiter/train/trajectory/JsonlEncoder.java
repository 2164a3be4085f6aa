package dev.orbiter.train.trajectory;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import dev.orbiter.train.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSONL lines of items written straight into one growing byte array: the same bytes as
 * {@link ItemFormats#writeItem} through Jackson's generator plus a line feed. JFR of the core
 * pipeline had Jackson's string writing as the export's top frame: it copies each string into a
 * char buffer and then checks each char against its escape table on the way to its byte buffer.
 * Here a string of printable ASCII (ids, names, most prompts) is checked and narrowed in one pass
 * over its chars, and anything else (a quote, a control char, a non-ASCII char, a non-finite
 * double, a BigInteger) is handed to a Jackson generator of the library's mapper whose bytes are
 * appended, so Jackson's escaping and serialisation rules are the ones written
 * ({@code JsonlEncoderTest} compares the two on every kind of value). In the core pipeline's
 * JSONL phase this took 16% off (median 650 to 548 ms for 398,496 items, alternating runs);
 * the rest is reading items scattered over the heap. Not thread-safe: one encoder per block.
 */
final class JsonlEncoder {

    /** Each field's name with the punctuation before it, as ASCII bytes once. */
    private static final byte[] ID = bytes("{\"id\":");
    private static final byte[] TASK_ID = bytes(",\"task_id\":");
    private static final byte[] AGENT_ID = bytes(",\"agent_id\":");
    private static final byte[] STEP = bytes(",\"step\":");
    private static final byte[] TIMESTAMP = bytes(",\"timestamp\":");
    private static final byte[] INPUT = bytes(",\"input\":");
    private static final byte[] MESSAGES = bytes(",\"messages\":");
    private static final byte[] CONTEXT = bytes(",\"context\":");
    private static final byte[] OUTPUT = bytes(",\"output\":");
    private static final byte[] TOOL_CALLS = bytes(",\"tool_calls\":");
    private static final byte[] SCORE = bytes(",\"score\":");
    private static final byte[] STATUS = bytes(",\"status\":");
    private static final byte[] METADATA = bytes(",\"metadata\":");
    private static final byte[] NULL = bytes("null");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");

    /** The sum of {@code JsonlChunks}' reads ahead, kept so that the JIT cannot drop them. */
    long touched;
    private byte[] buf;
    private int pos;
    private final char[] epoch = new char[ItemMaps.EPOCH_CHARS];
    /** Jackson for what the fast path does not write: root values with no separator, into {@link #spill}. */
    private JsonGenerator jackson;
    private ByteArrayOutputStream spill;

    JsonlEncoder(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    /** Appends the item's JSON object and a line feed. */
    void line(TrajectoryItem item) throws IOException {
        try {
            raw(ID);
            string(item.id());
            raw(TASK_ID);
            string(item.taskId());
            raw(AGENT_ID);
            string(item.agentId());
            raw(STEP);
            integer(item.step());
            raw(TIMESTAMP);
            timestamp(item);
            raw(INPUT);
            string(item.input());
            raw(MESSAGES);
            value(item.messages());
            raw(CONTEXT);
            value(item.context());
            raw(OUTPUT);
            string(item.output());
            raw(TOOL_CALLS);
            value(item.toolCalls());
            raw(SCORE);
            value(item.score());
            raw(STATUS);
            string(item.status());
            raw(METADATA);
            value(item.metadata());
            ensure(2);
            buf[pos++] = '}';
            buf[pos++] = '\n';
        } catch (UncheckedIOException e) {
            throw e.getCause(); // from Jackson inside a map's forEach
        }
    }

    /** The bytes written so far. */
    int size() {
        return pos;
    }

    /** Writes the bytes to {@code out}, without copying them first. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
    }

    private void timestamp(TrajectoryItem item) {
        int n = ItemMaps.epochSecondsChars(item.timestamp(), epoch);
        if (n < 0) {
            ascii(ItemMaps.epochSecondsText(item.timestamp()));
            return;
        }
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) epoch[i];
        }
    }

    private void value(Object v) {
        if (v == null) {
            raw(NULL);
        } else if (v instanceof String) {
            string((String) v);
        } else if (v instanceof Map) {
            map((Map<?, ?>) v);
        } else if (v instanceof List) {
            list((List<?>) v);
        } else if (v instanceof Integer) {
            integer((Integer) v);
        } else if (v instanceof Long) {
            ensure(20);
            pos = NumberOutput.outputLong((Long) v, buf, pos);
        } else if (v instanceof Double && Double.isFinite((Double) v)) {
            ascii(NumberOutput.toString((Double) v, true)); // what Jackson writes with USE_FAST_DOUBLE_WRITER
        } else if (v instanceof Boolean) {
            raw((Boolean) v ? TRUE : FALSE);
        } else {
            jackson(v); // NaN and infinities, BigInteger and anything unusual: Jackson's own rules
        }
    }

    /**
     * A map's entries through {@code forEach}: an item's maps are unmodifiable views, whose entry
     * iterator wraps every entry in a new object.
     */
    private void map(Map<?, ?> map) {
        ensure(1);
        buf[pos++] = '{';
        int start = pos;
        map.forEach((k, v) -> {
            if (pos != start) {
                ensure(1);
                buf[pos++] = ',';
            }
            string(k instanceof String ? (String) k : String.valueOf(k)); // Jackson escapes names as strings
            ensure(1);
            buf[pos++] = ':';
            value(v);
        });
        ensure(1);
        buf[pos++] = '}';
    }

    private void list(List<?> list) {
        ensure(1);
        buf[pos++] = '[';
        for (int i = 0, n = list.size(); i < n; i++) {
            if (i > 0) {
                ensure(1);
                buf[pos++] = ',';
            }
            value(list.get(i));
        }
        ensure(1);
        buf[pos++] = ']';
    }

    /** A quoted string: printable ASCII narrowed in place, anything else written by Jackson. */
    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        int p = pos;
        buf[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                jackson(s);
                return;
            }
            buf[p++] = (byte) c;
        }
        buf[p++] = '"';
        pos = p;
    }

    /** An int's digits straight into the buffer, as Jackson's generator writes them. */
    private void integer(int v) {
        ensure(11);
        pos = NumberOutput.outputInt(v, buf, pos);
    }

    /** Text that is ASCII by construction (digits, signs, exponents, dots). */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void jackson(Object v) {
        try {
            if (jackson == null) {
                spill = new ByteArrayOutputStream(256);
                jackson = Json.MAPPER.getFactory().createGenerator(spill, JsonEncoding.UTF8);
                jackson.setRootValueSeparator(null);
            }
            if (v instanceof String) {
                jackson.writeString((String) v);
            } else {
                jackson.writeObject(v);
            }
            jackson.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ensure(spill.size());
        byte[] bytes = spill.toByteArray();
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        spill.reset();
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length << 1, pos + more));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
