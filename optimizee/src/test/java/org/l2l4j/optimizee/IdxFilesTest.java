package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.optimizee.IdxTestFiles.gzip;
import static org.l2l4j.optimizee.IdxTestFiles.images;
import static org.l2l4j.optimizee.IdxTestFiles.labels;
import static org.l2l4j.optimizee.IdxTestFiles.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFilesTest {

    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, 1, 2, (byte) 127, (byte) 128, (byte) 255, 10, 20, 30, 40, 50, 60};

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void imagesAndLabelsRoundTrip(boolean gzip) throws IOException {
        byte[] imagesFile = images(2, 2, 3, PIXELS);
        byte[] labelsFile = labels((byte) 7, (byte) 0);
        Path images = write(dir, "images", gzip ? gzip(imagesFile) : imagesFile);
        Path labels = write(dir, "labels", gzip ? gzip(labelsFile) : labelsFile);

        IdxFiles.Images read = IdxFiles.readImages(images);
        assertEquals(2, read.count());
        assertEquals(2, read.rows());
        assertEquals(3, read.cols());
        assertArrayEquals(PIXELS, read.pixels());
        assertArrayEquals(new byte[] {7, 0}, IdxFiles.readLabels(labels));
    }

    @Test
    void gzipIsRecognisedByContentNotByName() throws IOException {
        Path gzNamedRaw = write(dir, "raw.gz", labels((byte) 3));
        Path plainNamedGzip = write(dir, "compressed", gzip(labels((byte) 4)));
        assertArrayEquals(new byte[] {3}, IdxFiles.readLabels(gzNamedRaw));
        assertArrayEquals(new byte[] {4}, IdxFiles.readLabels(plainNamedGzip));
    }

    @Test
    void labelsFileReadAsImagesIsABadMagicNamingTheFile() throws IOException {
        Path labels = write(dir, "labels-not-images", labels((byte) 1));
        IOException e = assertThrows(IOException.class, () -> IdxFiles.readImages(labels));
        assertMessage(e, labels.toString(), "bad magic number 2049", "expected 2051", "labels file");
    }

    @Test
    void unknownMagicIsReported() throws IOException {
        Path junk = write(dir, "junk", images(0x12345678, 1, 1, 1, new byte[1]));
        IOException e = assertThrows(IOException.class, () -> IdxFiles.readLabels(junk));
        assertMessage(e, junk.toString(), "bad magic number", "0x12345678", "expected 2049");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedPixelsAreReportedWithDeclaredAndFoundSizes(boolean gzip) throws IOException {
        byte[] full = images(2, 2, 3, PIXELS);
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        Path file = write(dir, "cut", gzip ? gzip(cut) : cut);
        IOException e = assertThrows(IOException.class, () -> IdxFiles.readImages(file));
        assertMessage(e, file.toString(), "truncated", "12 bytes", "holds 7");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = write(dir, "short-header", Arrays.copyOf(images(2, 2, 3, PIXELS), 10));
        IOException e = assertThrows(IOException.class, () -> IdxFiles.readImages(file));
        assertMessage(e, file.toString(), "truncated", "header has 10 of 16 bytes");
    }

    @Test
    void cutGzipStreamIsReportedAsTruncated() throws IOException {
        byte[] compressed = gzip(images(2, 2, 3, PIXELS));
        Path file = write(dir, "cut.gz", Arrays.copyOf(compressed, compressed.length - 12));
        IOException e = assertThrows(IOException.class, () -> IdxFiles.readImages(file));
        assertMessage(e, file.toString(), "truncated");
    }

    @Test
    void trailingBytesAfterTheDeclaredRecordsAreRejected() throws IOException {
        byte[] withExtra = Arrays.copyOf(labels((byte) 1, (byte) 2), 8 + 3);
        Path file = write(dir, "extra", withExtra);
        IOException e = assertThrows(IOException.class, () -> IdxFiles.readLabels(file));
        assertMessage(e, file.toString(), "trailing data");
    }

    @Test
    void noRecordsOrEmptyImagesAreRefused() throws IOException {
        Path none = write(dir, "none", images(0, 28, 28, new byte[0]));
        assertMessage(assertThrows(IOException.class, () -> IdxFiles.readImages(none)), none.toString(),
                "image count 0 in the header; it must be at least 1");
        Path empty = write(dir, "empty", images(5, 0, 0, new byte[0]));
        assertMessage(assertThrows(IOException.class, () -> IdxFiles.readImages(empty)), empty.toString(),
                "row count 0 in the header");
        Path noLabels = write(dir, "no-labels", labels(IdxFiles.LABELS_MAGIC, 0, new byte[0]));
        assertMessage(assertThrows(IOException.class, () -> IdxFiles.readLabels(noLabels)), "label count 0");
    }

    /** The header's count is checked against the bytes that are there, not allocated on its word. */
    @Test
    void aShortFileDeclaringGigabytesIsTruncatedNotAllocated() throws IOException {
        Path file = write(dir, "liar", images(Integer.MAX_VALUE / 784, 28, 28, new byte[100]));
        IOException e = assertThrows(IOException.class, () -> IdxFiles.readImages(file));
        assertMessage(e, file.toString(), "truncated", "holds 100");
    }

    static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
