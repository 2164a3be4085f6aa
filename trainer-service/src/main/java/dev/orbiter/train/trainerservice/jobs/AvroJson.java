package dev.orbiter.train.trainerservice.jobs;

import dev.orbiter.train.client.http.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Plain JSON (as Jackson maps) to Avro records, driven by the schema: what users write is
 * {@code {"verl": {"epochs": 3}}}, not Avro's JSON encoding with union wrappers. Every problem is
 * collected with its path (unknown field, wrong type), so a request is answered once with all of
 * them. Absent fields take the schema's defaults.
 */
public final class AvroJson {

    private AvroJson() {
    }

    /** The record, or null when there were problems (they are added to {@code problems}). */
    public static GenericRecord record(Schema schema, Map<?, ?> json, String path, List<Problem> problems) {
        GenericRecord r = new GenericData.Record(schema);
        for (Object k : json.keySet()) {
            if (schema.getField(String.valueOf(k)) == null) {
                problems.add(new Problem(path + k, "unknown field; known: " + fieldNames(schema)));
            }
        }
        for (Schema.Field f : schema.getFields()) {
            Object v = json.get(f.name());
            if (v == null && !json.containsKey(f.name())) {
                if (!f.hasDefaultValue()) {
                    problems.add(new Problem(path + f.name(), "required"));
                    continue;
                }
                r.put(f.name(), GenericData.get().deepCopy(f.schema(), GenericData.get().getDefaultValue(f)));
                continue;
            }
            r.put(f.name(), value(f.schema(), v, path + f.name(), problems));
        }
        return r;
    }

    private static Object value(Schema s, Object v, String path, List<Problem> problems) {
        switch (s.getType()) {
            case UNION:
                if (v == null) {
                    if (s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                        return null;
                    }
                    problems.add(new Problem(path, "must not be null"));
                    return null;
                }
                for (Schema t : s.getTypes()) {
                    if (t.getType() != Schema.Type.NULL) {
                        return value(t, v, path, problems);
                    }
                }
                return null;
            case STRING:
                return expect(v instanceof String, v, "a string", path, problems);
            case BOOLEAN:
                return expect(v instanceof Boolean, v, "true or false", path, problems);
            case INT:
                return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE ? (Object) n.intValue()
                        : expect(false, v, "an integer", path, problems);
            case LONG:
                if (s.getLogicalType() != null && v instanceof String text) {
                    try {
                        return java.time.Instant.parse(text).toEpochMilli();
                    } catch (java.time.format.DateTimeParseException e) {
                        return expect(false, v, "an ISO-8601 instant or epoch milliseconds", path, problems);
                    }
                }
                return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.longValue()
                        : expect(false, v, "an integer", path, problems);
            case DOUBLE:
            case FLOAT:
                return v instanceof Number n && Double.isFinite(n.doubleValue()) ? (Object) n.doubleValue()
                        : expect(false, v, "a finite number", path, problems);
            case ARRAY:
                if (!(v instanceof List<?> list)) {
                    return expect(false, v, "an array", path, problems);
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(value(s.getElementType(), list.get(i), path + "[" + i + "]", problems));
                }
                return out;
            case MAP:
                if (!(v instanceof Map<?, ?> m)) {
                    return expect(false, v, "an object", path, problems);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                m.forEach((k, e) -> map.put(String.valueOf(k), s.getValueType().getType() == Schema.Type.STRING
                        && !(e instanceof String) && e != null ? String.valueOf(e)   // extras: numbers as text
                        : value(s.getValueType(), e, path + "." + k, problems)));
                return map;
            case RECORD:
                if (!(v instanceof Map<?, ?> m)) {
                    return expect(false, v, "an object", path, problems);
                }
                return record(s, m, path + ".", problems);
            default:
                problems.add(new Problem(path, "unsupported type " + s.getType()));
                return null;
        }
    }

    private static Object expect(boolean ok, Object v, String what, String path, List<Problem> problems) {
        if (!ok) {
            problems.add(new Problem(path, "must be " + what + ", got " + (v == null ? "null"
                    : v instanceof String ? "a string" : v instanceof Map ? "an object" : v instanceof List ? "an array"
                    : String.valueOf(v))));
            return null;
        }
        return v;
    }

    private static List<String> fieldNames(Schema s) {
        return s.getFields().stream().map(Schema.Field::name).toList();
    }
}
