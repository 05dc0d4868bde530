package org.l2l4j.optimizee;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX files MNIST ships in: a big-endian int32 magic number ({@value #IMAGES_MAGIC}
 * for images, {@value #LABELS_MAGIC} for labels), the record count and, for images, rows and
 * columns as big-endian int32, then one unsigned byte per pixel or label.
 *
 * <p>A file may be raw or gzip-compressed; gzip is recognised by its magic bytes {@code 1f 8b}, not
 * by the file name. Every error names the file and what is wrong with it.
 */
public final class IdxFiles {

    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private IdxFiles() {}

    /**
     * The records of an IDX images file.
     *
     * @param pixels {@code count · rows · cols} unsigned bytes, image after image, each row-major
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads an IDX images file (magic {@value #IMAGES_MAGIC}), raw or gzip. */
    public static Images readImages(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString());
        }
    }

    /** Reads an IDX labels file (magic {@value #LABELS_MAGIC}), raw or gzip: one byte per record. */
    public static byte[] readLabels(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString());
        }
    }

    /** The file's magic number (after decompressing a gzip file), or -1 if it is shorter than one. */
    static int magic(Path file) throws IOException {
        try (InputStream in = decompressed(Files.newInputStream(file))) {
            byte[] bytes = new byte[4];
            return readFully(in, bytes) < 4 ? -1 : ByteBuffer.wrap(bytes).getInt();
        } catch (EOFException | ZipException e) {
            throw gzipError(e, file.toString());
        }
    }

    /** As {@link #readImages(Path)}, from a stream; {@code source} names it in error messages. */
    static Images readImages(InputStream raw, String source) throws IOException {
        try {
            return parseImages(decompressed(raw), source);
        } catch (EOFException | ZipException e) {
            throw gzipError(e, source);
        }
    }

    /** As {@link #readLabels(Path)}, from a stream; {@code source} names it in error messages. */
    static byte[] readLabels(InputStream raw, String source) throws IOException {
        try {
            return parseLabels(decompressed(raw), source);
        } catch (EOFException | ZipException e) {
            throw gzipError(e, source);
        }
    }

    private static Images parseImages(InputStream in, String source) throws IOException {
        ByteBuffer header = header(in, 16, IMAGES_MAGIC, "images", source);
        int count = atLeastOne(header.getInt(4), "image count", source);
        int rows = atLeastOne(header.getInt(8), "row count", source);
        int cols = atLeastOne(header.getInt(12), "column count", source);
        long size = (long) count * rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(source + ": " + count + " images of " + rows + "x" + cols
                    + " pixels are more than one Java array can hold");
        }
        byte[] pixels = body(in, (int) size, count + " images of " + rows + "x" + cols, source);
        return new Images(count, rows, cols, pixels);
    }

    private static byte[] parseLabels(InputStream in, String source) throws IOException {
        ByteBuffer header = header(in, 8, LABELS_MAGIC, "labels", source);
        int count = atLeastOne(header.getInt(4), "label count", source);
        return body(in, count, count + " labels", source);
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Only GZIPInputStream throws these here: the compressed stream is cut short or corrupt. */
    private static IOException gzipError(IOException e, String source) {
        String problem = e instanceof EOFException ? "truncated gzip stream" : "corrupt gzip data";
        return new IOException(source + ": " + problem + " (" + e.getMessage() + ")", e);
    }

    private static ByteBuffer header(InputStream in, int length, int magic, String kind, String source)
            throws IOException {
        byte[] bytes = new byte[length];
        int read = readFully(in, bytes);
        if (read < 4) {
            throw new IOException(source + ": truncated: " + read + " bytes, too short for an IDX magic number");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes); // big-endian, as IDX
        int found = header.getInt(0);
        if (found != magic) {
            throw new IOException(String.format("%s: bad magic number %d (0x%08x), expected %d for IDX %s%s",
                    source, found, found, magic, kind, describeMagic(found)));
        }
        if (read < length) {
            throw new IOException(source + ": truncated: header has " + read + " of " + length + " bytes");
        }
        return header;
    }

    private static String describeMagic(int magic) {
        return switch (magic) {
            case IMAGES_MAGIC -> " (this is an images file)";
            case LABELS_MAGIC -> " (this is a labels file)";
            default -> "";
        };
    }

    /** The {@code length} bytes after the header; memory grows with the bytes read, not with what the header claims. */
    private static byte[] body(InputStream in, int length, String what, String source) throws IOException {
        byte[] bytes = in.readNBytes(length);
        int read = bytes.length;
        if (read < length) {
            throw new IOException(source + ": truncated: header declares " + what + " (" + length
                    + " bytes) but the file holds " + read);
        }
        if (in.read() != -1) {
            throw new IOException(source + ": trailing data after the " + length + " bytes of " + what
                    + " the header declares");
        }
        return bytes;
    }

    /** Reads until {@code buffer} is full or the stream ends; returns the bytes read. */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static int atLeastOne(int value, String what, String source) throws IOException {
        if (value < 1) {
            throw new IOException(source + ": " + what + " " + value + " in the header; it must be at least 1");
        }
        return value;
    }
}
