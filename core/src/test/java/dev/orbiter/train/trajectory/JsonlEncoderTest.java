package dev.orbiter.train.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orbiter.train.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written JSONL lines are byte for byte what Jackson's generator writes for the same items. */
class JsonlEncoderTest {

    /** The reference: every item through Jackson's generator ({@link ItemFormats#writeItem}) and a line feed. */
    private static byte[] jackson(List<TrajectoryItem> items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (TrajectoryItem item : items) {
                ItemFormats.writeItem(g, item);
                g.writeRaw('\n');
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] encoder(List<TrajectoryItem> items) throws IOException {
        JsonlEncoder lines = new JsonlEncoder(1); // grows from its smallest buffer
        for (TrajectoryItem item : items) {
            lines.line(item);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        lines.writeTo(bytes);
        assertThat(lines.size()).isEqualTo(bytes.size());
        return bytes.toByteArray();
    }

    /**
     * Strings of printable ASCII (the fast path), of printable ASCII and one char of another class
     * (each class must send the whole string to Jackson), or of chars of every class: escapes,
     * controls, DEL, Latin-1, the rest of the BMP, surrogate pairs and lone surrogates.
     */
    private static String randomString(Random rng) {
        int n = rng.nextInt(40);
        int mode = rng.nextInt(10);
        StringBuilder s = new StringBuilder(n + 2);
        for (int i = 0; i < n; i++) {
            s.append(mode < 8 ? (char) (0x20 + rng.nextInt(0x5f)) : ' ');
            if (mode >= 8) {
                s.setLength(s.length() - 1);
                appendAnyClass(s, rng);
            }
        }
        if (mode >= 4 && mode < 8) {
            StringBuilder one = new StringBuilder();
            appendAnyClass(one, rng);
            s.insert(rng.nextInt(s.length() + 1), one);
        }
        return s.toString();
    }

    private static void appendAnyClass(StringBuilder s, Random rng) {
        switch (rng.nextInt(7)) {
            case 0 -> s.append((char) rng.nextInt(0x20));
            case 1 -> s.append("\"\\/\u007f".charAt(rng.nextInt(4)));
            case 2 -> s.append((char) (0x80 + rng.nextInt(0x80)));
            case 3 -> s.append((char) (0x100 + rng.nextInt(0xd700)));
            case 4 -> s.appendCodePoint(0x10000 + rng.nextInt(0x100000));
            case 5 -> s.append((char) (0xd800 + rng.nextInt(0x800))); // a lone surrogate
            default -> s.append((char) (0x20 + rng.nextInt(0x5f)));
        }
    }

    private static Object randomValue(Random rng, int depth) {
        switch (rng.nextInt(depth > 2 ? 8 : 10)) {
            case 0: return null;
            case 1: return rng.nextBoolean();
            case 2: return rng.nextInt();
            case 3: return rng.nextLong();
            case 4: return Double.longBitsToDouble(rng.nextLong()); // NaNs and infinities among them
            case 5: return rng.nextDouble() * Math.pow(10, rng.nextInt(40) - 20);
            case 6: return randomString(rng);
            case 7: return rng.nextBoolean() ? BigInteger.valueOf(rng.nextLong()).pow(3) : new BigDecimal("1.50");
            case 8: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = rng.nextInt(4); i > 0; i--) {
                    map.put(randomString(rng), randomValue(rng, depth + 1));
                }
                return map;
            }
            default: {
                List<Object> list = new ArrayList<>();
                for (int i = rng.nextInt(4); i > 0; i--) {
                    list.add(randomValue(rng, depth + 1));
                }
                return list;
            }
        }
    }

    private static TrajectoryItem randomItem(Random rng, int i) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int k = rng.nextInt(4); k > 0; k--) {
            metadata.put(randomString(rng), randomValue(rng, 1));
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int k = rng.nextInt(3); k > 0; k--) {
            messages.add(Map.of("role", "user", "content", randomString(rng)));
        }
        return TrajectoryItem.builder().id(i % 3 == 0 ? "id-" + i : randomString(rng)).taskId(randomString(rng))
                .agentId(randomString(rng)).step(rng.nextInt()).status(randomString(rng))
                .timestamp(Instant.ofEpochSecond((i % 7 == 0 ? -1L : 1L) * rng.nextInt(2_000_000_000), // before 1970 too
                        rng.nextInt(1_000_000_000)))
                .input(randomString(rng)).output(randomString(rng))
                .score(i % 5 == 0 ? null : randomDouble(rng)).messages(messages)
                .context(Map.of("k", randomValue(rng, 1) == null ? "n" : "v"))
                .toolCalls(i % 4 == 0 ? List.of(Map.of("name", randomString(rng), "args", List.of(i, 1.5e23))) : List.of())
                .metadata(metadata).build();
    }

    private static double randomDouble(Random rng) {
        double d = rng.nextBoolean() ? rng.nextDouble() : Double.longBitsToDouble(rng.nextLong());
        return Double.isFinite(d) ? d : 0.25;
    }

    @Test
    void givenItemsWithEveryKindOfStringAndValue_thenTheLinesAreJacksonsBytes() throws IOException {
        Random rng = new Random(7);
        List<TrajectoryItem> items = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            items.add(randomItem(rng, i));
        }
        byte[] expected = jackson(items);
        assertThat(encoder(items)).isEqualTo(expected);
        assertThat(new String(expected, StandardCharsets.UTF_8)).as("the test reaches the fallback")
                .contains("\\\"", "\\n", "\\u0001", "é", "\"NaN\"", "E");
    }

    @Test
    void givenPlainItems_thenEachLineIsTheCompactJsonOfItsMapAndALineFeed() throws IOException {
        TrajectoryItem item = TrajectoryItem.builder().id("a1").taskId("t").agentId("g").step(3)
                .timestamp(Instant.ofEpochSecond(1_700_000_000L, 250_000_000)).input("What is 2 + 2?")
                .output("4").score(0.5).metadata(Map.of("source", "bench")).build();
        String line = new String(encoder(List.of(item)), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("{\"id\":\"a1\",\"task_id\":\"t\",\"agent_id\":\"g\",\"step\":3,"
                + "\"timestamp\":1700000000.25,\"input\":\"What is 2 + 2?\",\"messages\":[],\"context\":{},"
                + "\"output\":\"4\",\"tool_calls\":[],\"score\":0.5,\"status\":\"success\","
                + "\"metadata\":{\"source\":\"bench\"}}\n");
        assertThat(Json.parseObject(line.trim())).isEqualTo(Json.parseObject(Json.write(item.toMap())));
    }
}
