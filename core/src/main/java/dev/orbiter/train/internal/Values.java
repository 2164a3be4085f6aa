package dev.orbiter.train.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, immutable copies of JSON-like values (maps, lists, strings, numbers, booleans, null).
 * Numbers are normalised the way a JSON parser returns them (Integer when it fits, else Long,
 * Double for fractions), so a value compares equal after a JSON or CSV round trip.
 */
public final class Values {

    private Values() {
    }

    /** A deep-immutable copy of a map with string keys; null gives an empty map. */
    public static Map<String, Object> copyMap(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** A deep-immutable copy of a list of maps; null gives an empty list. */
    public static List<Map<String, Object>> copyListOfMaps(List<? extends Map<String, ?>> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> copy = new ArrayList<>(list.size());
        for (Map<String, ?> m : list) {
            copy.add(copyMap(m));
        }
        return Collections.unmodifiableList(copy);
    }

    /** A deep-immutable copy of any JSON-like value. Other objects become their string form. */
    @SuppressWarnings("unchecked")
    public static Object copy(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number) {
            return normaliseNumber((Number) value);
        }
        if (value instanceof Map) {
            return copyMap((Map<String, ?>) value);
        }
        if (value instanceof Collection) {
            Collection<?> c = (Collection<?>) value;
            List<Object> copy = new ArrayList<>(c.size());
            for (Object o : c) {
                copy.add(copy(o));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> copy = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                copy.add(copy(Array.get(value, i)));
            }
            return Collections.unmodifiableList(copy);
        }
        return String.valueOf(value);
    }

    /** Integer when it fits, else Long (or BigInteger); fractions as Double. */
    public static Number normaliseNumber(Number n) {
        if (n instanceof Integer) {
            return n;
        }
        if (n instanceof Long || n instanceof Short || n instanceof Byte) {
            long l = n.longValue();
            // Not a ternary: `c ? Integer : Long` would promote both branches to long.
            if (l == (int) l) {
                return Integer.valueOf((int) l);
            }
            return Long.valueOf(l);
        }
        if (n instanceof BigInteger) {
            BigInteger b = (BigInteger) n;
            if (b.bitLength() < 32) {
                return b.intValue();
            }
            return b.bitLength() < 64 ? (Number) b.longValue() : b;
        }
        if (n instanceof BigDecimal) {
            return ((BigDecimal) n).doubleValue();
        }
        return n.doubleValue();
    }
}
