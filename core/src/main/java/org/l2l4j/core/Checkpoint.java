package org.l2l4j.core;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The content of one checkpoint: a {@code kind} naming what it holds (e.g. {@code meta-training}) and
 * named entries, each a string, an integer, a number, or an array of float32 or float64. Immutable
 * (arrays are copied in and out). The typed getters check the entry's presence, type and length and
 * throw a {@link CheckpointException} naming the file and the entry, so the code restoring a state
 * reads like a list of what it needs.
 */
public final class Checkpoint {

    /** The types an entry can have, with their tag in the file. */
    enum Type {
        STRING(1, "a string"), INTEGER(2, "an integer"), NUMBER(3, "a number"),
        FLOATS(4, "an array of float32"), DOUBLES(5, "an array of float64");

        final int tag;
        final String description;

        Type(int tag, String description) {
            this.tag = tag;
            this.description = description;
        }

        static Type of(Object value) {
            if (value instanceof String) {
                return STRING;
            } else if (value instanceof Long) {
                return INTEGER;
            } else if (value instanceof Double) {
                return NUMBER;
            } else if (value instanceof float[]) {
                return FLOATS;
            }
            return DOUBLES;
        }
    }

    private final String kind;
    private final Map<String, Object> entries;
    private final Path source;

    private Checkpoint(String kind, Map<String, Object> entries, Path source) {
        this.kind = kind;
        this.entries = entries;
        this.source = source;
    }

    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    /** What the checkpoint holds, as its writer named it. */
    public String kind() {
        return kind;
    }

    /** The entry names, in the order they were put. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The file this checkpoint was read from, or null if it was built in memory. */
    public Path source() {
        return source;
    }

    public String string(String name) throws CheckpointException {
        return (String) get(name, Type.STRING);
    }

    public long integer(String name) throws CheckpointException {
        return (Long) get(name, Type.INTEGER);
    }

    /** An integer entry that must lie in [min, max]. */
    public int integer(String name, int min, int max) throws CheckpointException {
        long value = integer(name);
        if (value < min || value > max) {
            throw problem("\"" + name + "\" is " + value + ", expected " + min + ".." + max);
        }
        return (int) value;
    }

    public double number(String name) throws CheckpointException {
        return (Double) get(name, Type.NUMBER);
    }

    /** A copy of a float32 array entry, which must have {@code length} values. */
    public float[] floats(String name, int length) throws CheckpointException {
        float[] values = (float[]) get(name, Type.FLOATS);
        requireLength(name, values.length, length);
        return values.clone();
    }

    /** A copy of a float64 array entry, which must have {@code length} values. */
    public double[] doubles(String name, int length) throws CheckpointException {
        double[] values = doubles(name);
        requireLength(name, values.length, length);
        return values;
    }

    /** A copy of a float64 array entry of any length. */
    public double[] doubles(String name) throws CheckpointException {
        return ((double[]) get(name, Type.DOUBLES)).clone();
    }

    /** A {@link CheckpointException} about this checkpoint's content, naming its file. */
    public CheckpointException problem(String what) {
        return new CheckpointException(source, what);
    }

    /** The entries as stored (arrays not copied): for the file writer only. */
    Map<String, Object> entries() {
        return entries;
    }

    private Object get(String name, Type type) throws CheckpointException {
        Object value = entries.get(name);
        if (value == null) {
            throw problem("no entry \"" + name + "\" (a " + kind + " checkpoint needs it)");
        }
        if (Type.of(value) != type) {
            throw problem("\"" + name + "\" is " + Type.of(value).description + ", expected " + type.description);
        }
        return value;
    }

    private void requireLength(String name, int actual, int expected) throws CheckpointException {
        if (actual != expected) {
            throw problem("\"" + name + "\" has " + actual + " values, expected " + expected);
        }
    }

    /** Collects entries; names must be unique and non-empty. */
    public static final class Builder {
        private final String kind;
        private final Map<String, Object> entries = new LinkedHashMap<>();
        private Path source;

        private Builder(String kind) {
            if (kind == null || kind.isEmpty()) {
                throw new IllegalArgumentException("a checkpoint needs a kind");
            }
            this.kind = kind;
        }

        public Builder put(String name, String value) {
            return add(name, value);
        }

        public Builder put(String name, long value) {
            return add(name, value);
        }

        public Builder put(String name, double value) {
            return add(name, value);
        }

        public Builder put(String name, float[] values) {
            return add(name, values.clone());
        }

        public Builder put(String name, double[] values) {
            return add(name, values.clone());
        }

        Builder source(Path file) {
            this.source = file;
            return this;
        }

        boolean has(String name) {
            return entries.containsKey(name);
        }

        public Checkpoint build() {
            return new Checkpoint(kind, Collections.unmodifiableMap(new LinkedHashMap<>(entries)), source);
        }

        private Builder add(String name, Object value) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("checkpoint entry names must not be empty");
            }
            if (value == null) {
                throw new IllegalArgumentException("checkpoint entry \"" + name + "\" is null");
            }
            if (entries.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("checkpoint entry \"" + name + "\" is put twice");
            }
            return this;
        }
    }
}
