package dev.orbiter.train.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/** The library's one JSON mapper: plain JSON types, numbers as a JSON parser returns them. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    // Callers own their streams (atomic exports flush and close them).
                    .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                    // Schubfach instead of the JDK 17 Double.toString: the shortest digits that read back,
                    // as Python's repr writes them (JDK 17 keeps spare digits for some large values)
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** Compact JSON text of a JSON-like value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON text into maps, lists, strings, numbers, booleans and null. */
    public static Object parse(String text) throws JsonProcessingException {
        return MAPPER.readValue(text, Object.class);
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + typeName(v));
        }
        return (Map<String, Object>) v;
    }

    /** Parses a JSON array. */
    @SuppressWarnings("unchecked")
    public static List<Object> parseArray(String text) throws JsonProcessingException {
        Object v = parse(text);
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("expected a JSON array, got " + typeName(v));
        }
        return (List<Object>) v;
    }

    /** The JSON type name of a parsed value, for error messages. */
    public static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "object";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        return v instanceof String ? "string" : v.getClass().getSimpleName();
    }
}
