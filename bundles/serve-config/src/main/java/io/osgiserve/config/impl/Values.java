package io.osgiserve.config.impl;

import io.osgiserve.config.FieldError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON value model of a written document: String, Integer, Long, Double, Boolean, List, Map, null. */
public final class Values {

    private static final int SHOWN_CHARS = 40;

    private Values() {
    }

    /** A deep immutable copy; maps keep their order, {@code null}s are kept. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> immutableMap(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, immutable(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object immutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            return immutableMap((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(immutable(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /**
     * A value that Java code handed in, turned into the JSON model (other number types widened, maps
     * keyed by strings); a value that has no JSON form is reported and becomes {@code null}.
     */
    public static Object fromJava(String path, Object value, List<FieldError> errors) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Integer || value instanceof Long) {
            return value;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                errors.add(new FieldError(path, "must be a finite number (got " + value + ")"));
                return null;
            }
            return d;
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            errors.add(new FieldError(path, "number is too large (got " + big + ")"));
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), fromJava(path + "." + key, item, errors)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                copy.add(fromJava(path + "[" + i + "]", list.get(i), errors));
            }
            return copy;
        }
        errors.add(new FieldError(path, "has no JSON form (got a " + value.getClass().getName() + ")"));
        return null;
    }

    /** How a value looks in a message: {@code string "two"}, {@code integer 5}, {@code a list}. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            String shown = s.length() > SHOWN_CHARS ? s.substring(0, SHOWN_CHARS) + "..." : s;
            return "string \"" + shown.replace("\n", "\\n") + "\"";
        }
        if (value instanceof Integer || value instanceof Long) {
            return "integer " + value;
        }
        if (value instanceof Number) {
            return "number " + value;
        }
        if (value instanceof Boolean) {
            return "boolean " + value;
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        return value.getClass().getSimpleName();
    }

    /** A number for a message: {@code 2} or {@code 2.5}. */
    public static String show(Object number) {
        return String.valueOf(number);
    }

    /**
     * Deep equality of two written values where numbers compare by value ({@code 2} equals
     * {@code 2.0}), so the same config written by different clients is the same.
     */
    public static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !sameValue(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!sameValue(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    public static int toInt(Object value) {
        return ((Number) value).intValue();
    }

    public static double toDouble(Object value) {
        return ((Number) value).doubleValue();
    }

    public static int intOr(Object value, int fallback) {
        return value == null ? fallback : toInt(value);
    }

    public static double doubleOr(Object value, double fallback) {
        return value == null ? fallback : toDouble(value);
    }
}
