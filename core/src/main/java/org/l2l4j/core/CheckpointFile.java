package org.l2l4j.core;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * A {@link Checkpoint} on disk: versioned, checksummed, written atomically (temporary file, fsync,
 * rename), so that a crash at any moment leaves either the previous checkpoint or the new one.
 *
 * <p>Layout, little-endian:
 * <pre>
 *   magic    16 bytes  "L2L4J-CHECKPOINT"
 *   version  u32       1
 *   length   u64       the file's length in bytes, checksum included
 *   kind     string
 *   count    u32       number of entries
 *   entries  name (string), type tag (u8), value:
 *              1 string | 2 integer (i64) | 3 number (f64) | 4 float32 array (u32 count, values)
 *              | 5 float64 array (u32 count, values)
 *   sha256   32 bytes  SHA-256 of everything before it
 * </pre>
 * A string is its UTF-8 length (u32) and bytes. Reading checks, in order, the magic, the version, the
 * length (so a truncated file says so), the checksum (any other damage), then the structure; every
 * problem is a {@link CheckpointException} naming the file. Values are stored bit for bit, so a
 * restored state is exactly the saved one.
 */
public final class CheckpointFile {

    static final byte[] MAGIC = "L2L4J-CHECKPOINT".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = MAGIC.length + Integer.BYTES + Long.BYTES;
    static final int CHECKSUM = 32;

    private CheckpointFile() {
    }

    /** Writes {@code checkpoint} to {@code file} atomically. */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        AtomicFiles.write(file, encode(checkpoint));
    }

    /** Reads and validates {@code file}. */
    public static Checkpoint read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new CheckpointException(file, "not an l2l4j checkpoint: " + size + " bytes is far too large");
        }
        return decode(file, Files.readAllBytes(file));
    }

    static byte[] encode(Checkpoint checkpoint) {
        Map<String, Object> entries = checkpoint.entries();
        long length = HEADER + stringBytes(checkpoint.kind()) + Integer.BYTES + CHECKSUM;
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            length += stringBytes(e.getKey()) + 1 + valueBytes(e.getValue());
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("checkpoint of " + length + " bytes is too large for one file");
        }
        ByteBuffer out = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putLong(length);
        putString(out, checkpoint.kind());
        out.putInt(entries.size());
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            putString(out, e.getKey());
            Object value = e.getValue();
            Checkpoint.Type type = Checkpoint.Type.of(value);
            out.put((byte) type.tag);
            switch (type) {
                case STRING -> putString(out, (String) value);
                case INTEGER -> out.putLong((Long) value);
                case NUMBER -> out.putDouble((Double) value);
                case FLOATS -> {
                    float[] v = (float[]) value;
                    out.putInt(v.length);
                    out.asFloatBuffer().put(v);
                    out.position(out.position() + Float.BYTES * v.length);
                }
                case DOUBLES -> {
                    double[] v = (double[]) value;
                    out.putInt(v.length);
                    out.asDoubleBuffer().put(v);
                    out.position(out.position() + Double.BYTES * v.length);
                }
            }
        }
        out.put(sha256(out.array(), out.position()));
        return out.array();
    }

    static Checkpoint decode(Path file, byte[] bytes) throws CheckpointException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointException(file, "not an l2l4j checkpoint (it does not start with \""
                    + new String(MAGIC, StandardCharsets.US_ASCII) + "\")");
        }
        if (bytes.length < HEADER) {
            throw new CheckpointException(file, "truncated: " + bytes.length + " bytes, shorter than the header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new CheckpointException(file, "unsupported checkpoint format version " + Integer.toUnsignedString(version)
                    + " (this build reads version " + VERSION + ")");
        }
        long declared = in.getLong();
        if (declared < HEADER + CHECKSUM) {
            throw new CheckpointException(file, "damaged: the header gives a length of " + declared
                    + " bytes, too short for a checkpoint");
        }
        if (bytes.length < declared) {
            throw new CheckpointException(file, "truncated: " + bytes.length + " bytes, the header says " + declared);
        }
        if (bytes.length > declared) {
            throw new CheckpointException(file, bytes.length + " bytes, " + (bytes.length - declared)
                    + " more than the header says (" + declared + "): damaged or appended to");
        }
        int contentLength = bytes.length - CHECKSUM;
        if (!Arrays.equals(sha256(bytes, contentLength), 0, CHECKSUM, bytes, contentLength, bytes.length)) {
            throw new CheckpointException(file, "checksum mismatch: the content is damaged");
        }
        try {
            in.limit(contentLength);
            Checkpoint.Builder builder = Checkpoint.builder(nonEmpty(file, getString(in), "kind")).source(file);
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                String name = nonEmpty(file, getString(in), "entry name");
                if (builder.has(name)) {
                    throw new CheckpointException(file, "malformed: entry \"" + name + "\" appears twice");
                }
                int tag = in.get();
                switch (tag) {
                    case 1 -> builder.put(name, getString(in));
                    case 2 -> builder.put(name, in.getLong());
                    case 3 -> builder.put(name, in.getDouble());
                    case 4 -> builder.put(name, getFloats(in));
                    case 5 -> builder.put(name, getDoubles(in));
                    default -> throw new CheckpointException(file, "malformed: entry \"" + name + "\" has unknown type " + tag);
                }
            }
            if (in.hasRemaining()) {
                throw new CheckpointException(file, "malformed: " + in.remaining() + " bytes after the last entry");
            }
            return builder.build();
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CheckpointException(file, "malformed: the entries run past the end of the content");
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "malformed: a name or string is not UTF-8");
        }
    }

    private static String nonEmpty(Path file, String value, String what) throws CheckpointException {
        if (value.isEmpty()) {
            throw new CheckpointException(file, "malformed: empty " + what);
        }
        return value;
    }

    private static long stringBytes(String s) {
        return Integer.BYTES + (long) s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long valueBytes(Object value) {
        return switch (Checkpoint.Type.of(value)) {
            case STRING -> stringBytes((String) value);
            case INTEGER -> Long.BYTES;
            case NUMBER -> Double.BYTES;
            case FLOATS -> Integer.BYTES + (long) Float.BYTES * ((float[]) value).length;
            case DOUBLES -> Integer.BYTES + (long) Double.BYTES * ((double[]) value).length;
        };
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(utf8.length).put(utf8);
    }

    /** Reads a string; a length beyond the content throws {@link BufferUnderflowException}. */
    private static String getString(ByteBuffer in) throws CharacterCodingException {
        int length = count(in, 1);
        ByteBuffer utf8 = in.slice(in.position(), length);
        in.position(in.position() + length);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(utf8).toString();
    }

    private static float[] getFloats(ByteBuffer in) {
        float[] values = new float[count(in, Float.BYTES)];
        in.asFloatBuffer().get(values);
        in.position(in.position() + Float.BYTES * values.length);
        return values;
    }

    private static double[] getDoubles(ByteBuffer in) {
        double[] values = new double[count(in, Double.BYTES)];
        in.asDoubleBuffer().get(values);
        in.position(in.position() + Double.BYTES * values.length);
        return values;
    }

    /** A u32 count of items of {@code size} bytes that must fit in what is left, before anything is allocated. */
    private static int count(ByteBuffer in, int size) {
        long count = Integer.toUnsignedLong(in.getInt());
        if (count * size > in.remaining()) {
            throw new BufferUnderflowException();
        }
        return (int) count;
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
