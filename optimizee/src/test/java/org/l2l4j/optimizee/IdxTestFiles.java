package org.l2l4j.optimizee;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files byte by byte, independently of the reader under test. */
final class IdxTestFiles {

    private IdxTestFiles() {}

    static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length); // big-endian
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return images(IdxFiles.IMAGES_MAGIC, count, rows, cols, pixels);
    }

    static byte[] labels(int magic, int count, byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(magic).putInt(count).put(labels);
        return b.array();
    }

    static byte[] labels(byte... labels) {
        return labels(IdxFiles.LABELS_MAGIC, labels.length, labels);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** A complete data set in {@code dir}: {@code trainCount} and {@code testCount} images of 2x3. */
    static void writeDataSet(Path dir, int trainCount, int testCount, boolean gzip) throws IOException {
        writeSplit(dir, "train", trainCount, gzip);
        writeSplit(dir, "t10k", testCount, gzip);
    }

    private static void writeSplit(Path dir, String prefix, int count, boolean gzip) throws IOException {
        byte[] pixels = new byte[count * 6];
        byte[] labels = new byte[count];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        String suffix = gzip ? ".gz" : "";
        byte[] imagesFile = images(count, 2, 3, pixels);
        byte[] labelsFile = labels(labels);
        write(dir, prefix + "-images-idx3-ubyte" + suffix, gzip ? gzip(imagesFile) : imagesFile);
        write(dir, prefix + "-labels-idx1-ubyte" + suffix, gzip ? gzip(labelsFile) : labelsFile);
    }
}
