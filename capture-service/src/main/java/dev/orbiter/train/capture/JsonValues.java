package dev.orbiter.train.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON tree as plain Java values: objects as insertion-ordered maps, arrays as lists,
 * numbers as the {@link Number} the parser chose (Integer, Long, BigInteger, Double), text,
 * booleans and null. The same values {@code ObjectMapper.convertValue(node, Map.class)} gives,
 * read straight off the tree: that call writes the tree out to a token buffer and parses it back,
 * which was about a tenth of capture's CPU per step in JFR.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** An object node's fields as a map (the node must be an object). */
    static Map<String, Object> map(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, object.size() * 4 / 3 + 1));
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), value(f.getValue()));
        }
        return out;
    }

    /** Any node as its Java value. */
    static Object value(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT -> map(n);
            case ARRAY -> list(n);
            case STRING -> n.textValue();
            case NUMBER -> n.numberValue();
            case BOOLEAN -> n.booleanValue();
            case NULL, MISSING -> null;
            case BINARY, POJO -> throw new IllegalArgumentException("not a parsed JSON value: " + n.getNodeType());
        };
    }

    private static List<Object> list(JsonNode array) {
        List<Object> out = new ArrayList<>(array.size());
        for (JsonNode e : array) {
            out.add(value(e));
        }
        return out;
    }
}
