package org.l2l4j.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one codec between settings records and a canonical map of their values, used by every file format
 * that stores settings (an optimizer file, a DL4J configuration, a training checkpoint) and by the
 * identity hashes made of them, so that a setting added to a record reaches all of them without a change
 * here.
 *
 * <p>A record maps to a {@link TreeMap} (keys sorted) with one entry per component: integers as
 * {@link Long}, floating-point numbers as {@link Double} (finite only), booleans, strings, enums by
 * {@link Enum#name()}, nested records as nested maps. Decoding is the inverse through the record's
 * canonical constructor, which validates.
 *
 * <p>Compatibility rule: a component missing from the map decodes as its zero value (0, false, a nested
 * record of zero values), so files written before a setting existed read as that setting's zero. A new
 * setting is therefore added so that its zero means "off, as before". Strings and enums have no zero and
 * must be present. A key that names no component is an error: such a file was written by a later build
 * or edited by hand.
 */
public final class SettingsCodec {

    private SettingsCodec() {
    }

    /** The canonical map of {@code settings}, sorted by key at every level; unmodifiable. */
    public static Map<String, Object> encode(Record settings) {
        Map<String, Object> map = new TreeMap<>();
        for (RecordComponent component : settings.getClass().getRecordComponents()) {
            Object value = read(component, settings);
            map.put(component.getName(), encodeValue(value, settings.getClass().getSimpleName() + "." + component.getName()));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object encodeValue(Object value, String where) {
        if (value instanceof Record nested) {
            return encode(nested);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(where + " is " + d + "; settings must be finite");
            }
            return d;
        }
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        throw new IllegalArgumentException(where + ": cannot encode a " + (value == null ? "null" : value.getClass().getName())
                + " (settings are numbers, booleans, strings, enums and records of them)");
    }

    /**
     * The record of type {@code type} that {@code map} encodes (see the class comment for missing keys).
     *
     * @param where names the source in error messages, e.g. a file and the key of the map in it
     * @throws IllegalArgumentException naming {@code where} and the key, for a missing string or enum, an
     *                                  unknown key, a value of the wrong type, or a value the record refuses
     */
    public static <R extends Record> R decode(Class<R> type, Map<String, ?> map, String where) {
        RecordComponent[] components = type.getRecordComponents();
        for (String key : map.keySet()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(key))) {
                throw new IllegalArgumentException(where + ": unknown setting \"" + key + "\" (known: "
                        + String.join(", ", Arrays.stream(components).map(RecordComponent::getName).toList()) + ")");
            }
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String key = where + "." + components[i].getName();
            values[i] = decodeValue(types[i], map.get(components[i].getName()), key);
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SettingException refused) {
                throw new IllegalArgumentException(String.join(", ", refused.settings().stream()
                        .map(setting -> where + "." + setting).toList()) + ": " + refused.rule(), refused);
            }
            if (cause instanceof IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + ": " + bad.getMessage(), bad);
            }
            throw new IllegalStateException("cannot construct " + type.getSimpleName() + " from " + where, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object decodeValue(Class<?> type, Object value, String key) {
        if (type.isRecord()) {
            if (value != null && !(value instanceof Map)) {
                throw wrongType(key, "an object", value);
            }
            return decode((Class<? extends Record>) type, value == null ? Map.of() : (Map<String, ?>) value, key);
        }
        if (type == String.class || type.isEnum()) {
            if (value == null) {
                throw new IllegalArgumentException(key + " is missing");
            }
            if (!(value instanceof String s)) {
                throw wrongType(key, "a string", value);
            }
            if (type == String.class) {
                return s;
            }
            for (Object constant : type.getEnumConstants()) {
                if (((Enum) constant).name().equals(s)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(key + " is \"" + s + "\"; valid: "
                    + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum) c).name()).toList());
        }
        if (type == boolean.class) {
            if (value == null) {
                return false;
            }
            if (!(value instanceof Boolean b)) {
                throw wrongType(key, "true or false", value);
            }
            return b;
        }
        if (type == double.class || type == float.class) {
            if (value == null) {
                return type == double.class ? (Object) 0.0 : (Object) 0f;
            }
            if (!(value instanceof Number n)) {
                throw wrongType(key, "a number", value);
            }
            return type == double.class ? (Object) n.doubleValue() : (Object) n.floatValue();
        }
        if (type == int.class || type == long.class) {
            if (value == null) {
                return type == int.class ? (Object) 0 : (Object) 0L;
            }
            if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || value instanceof Double && Math.abs(n.doubleValue()) > 0x1p53) {
                throw wrongType(key, "an integer", value);
            }
            long l = n.longValue();
            if (type == int.class && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(key + " is " + l + ", outside the int range");
            }
            return type == int.class ? (Object) (int) l : (Object) l;
        }
        throw new IllegalStateException(key + ": settings records hold numbers, booleans, strings, enums and records,"
                + " not " + type.getName());
    }

    private static IllegalArgumentException wrongType(String key, String expected, Object value) {
        return new IllegalArgumentException(key + " must be " + expected + ", got " + value);
    }

    /**
     * The map as canonical JSON text: keys sorted (as {@link #encode} keeps them), no whitespace, integers
     * in decimal, doubles as {@link Double#toString}. Equal settings give equal text, so it can be hashed.
     */
    public static String canonicalJson(Map<String, ?> map) {
        StringBuilder out = new StringBuilder();
        writeJson(new TreeMap<>(map), out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void writeJson(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, ?> e : new TreeMap<>((Map<String, ?>) m).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(e.getKey(), out);
                out.append(':');
                writeJson(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double d && Double.isFinite(d)) {
            out.append(Double.toString(d));
        } else {
            throw new IllegalArgumentException("not a canonical settings value: " + value);
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Whether {@code value}, as {@link #encode} or {@link #flatten} gives it, is what a missing component
     * decodes as (the class comment's compatibility rule): a zero number or false. Strings and enums never are.
     */
    public static boolean isZero(Object value) {
        return value instanceof Boolean b ? !b : value instanceof Number n && n.doubleValue() == 0;
    }

    /**
     * The map with nested maps flattened to dotted keys ({@code "base.momentum"}), in key order, values as
     * {@link #encode} gives them; {@code String.valueOf} of a value is its canonical text. What a checkpoint
     * stores and compares setting by setting, and what an optimizer file records of its training run.
     */
    public static Map<String, Object> flatten(Map<String, ?> map) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", new TreeMap<>(map), flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, ?> map, Map<String, Object> into) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(prefix + e.getKey() + ".", new TreeMap<>((Map<String, ?>) nested), into);
            } else {
                into.put(prefix + e.getKey(), e.getValue());
            }
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getName(), e);
        }
    }
}
