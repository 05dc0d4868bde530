package org.l2l4j.optimizee;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An MNIST-format data set: a training and a test split, read from the four IDX files every MNIST
 * loader knows ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or {@code .gz}).
 *
 * <p>{@link #embedded()} is mnist-10k, shipped in this jar: 8,000 training and 2,000 test digits
 * (see its README.md). {@link #load(Path)} reads the same files from a directory, e.g. the full
 * MNIST. Immutable.
 */
public final class MnistData {

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final String EMBEDDED_DIR = "mnist-10k/";

    private final MnistSplit train;
    private final MnistSplit test;
    private final String source;

    private MnistData(MnistSplit train, MnistSplit test, String source) {
        this.train = train;
        this.test = test;
        this.source = source;
    }

    /** The embedded mnist-10k, read once per JVM. */
    public static MnistData embedded() {
        return Embedded.DATA;
    }

    /** Holder: the jar's data is read on first use, once. */
    private static final class Embedded {
        static final MnistData DATA = readEmbedded();

        private static MnistData readEmbedded() {
            try {
                return of(embeddedSplit(TRAIN_IMAGES, TRAIN_LABELS), embeddedSplit(TEST_IMAGES, TEST_LABELS),
                        "embedded mnist-10k");
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded mnist-10k in the l2l4j-optimizee jar is unreadable", e);
            }
        }

        private static MnistSplit embeddedSplit(String images, String labels) throws IOException {
            try (InputStream imagesIn = open(images); InputStream labelsIn = open(labels)) {
                return split(IdxFiles.readImages(imagesIn, EMBEDDED_DIR + images), EMBEDDED_DIR + images,
                        IdxFiles.readLabels(labelsIn, EMBEDDED_DIR + labels), EMBEDDED_DIR + labels);
            }
        }

        private static InputStream open(String name) throws IOException {
            String resource = EMBEDDED_DIR + name + ".gz";
            InputStream in = MnistData.class.getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException(resource, null, "resource missing from the classpath");
            }
            return in;
        }
    }

    /**
     * Reads the four IDX files from {@code dir}. Each may be raw or gzip; of {@code name} and
     * {@code name.gz} the first that exists is read.
     *
     * @throws NoSuchFileException if neither form of a file exists
     * @throws IOException         naming the file, if one is malformed or truncated, a labels file
     *                             holds a value outside 0..9, images and labels disagree in count, or
     *                             training and test images differ in size
     */
    public static MnistData load(Path dir) throws IOException {
        return of(fileSplit(dir, TRAIN_IMAGES, TRAIN_LABELS), fileSplit(dir, TEST_IMAGES, TEST_LABELS), dir.toString());
    }

    private static MnistData of(MnistSplit train, MnistSplit test, String source) throws IOException {
        if (train.pixelsPerImage() != test.pixelsPerImage()) {
            throw new IOException(source + ": training images have " + train.pixelsPerImage()
                    + " pixels but test images have " + test.pixelsPerImage());
        }
        return new MnistData(train, test, source);
    }

    private static MnistSplit fileSplit(Path dir, String images, String labels) throws IOException {
        Path imagesFile = find(dir, images);
        Path labelsFile = find(dir, labels);
        return split(IdxFiles.readImages(imagesFile), imagesFile.toString(),
                IdxFiles.readLabels(labelsFile), labelsFile.toString());
    }

    private static Path find(Path dir, String name) throws NoSuchFileException {
        for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new NoSuchFileException(dir.resolve(name) + "[.gz]", null,
                "missing MNIST file: neither " + name + " nor " + name + ".gz is in " + dir);
    }

    private static MnistSplit split(IdxFiles.Images images, String imagesName, byte[] labelBytes, String labelsName)
            throws IOException {
        if (images.count() != labelBytes.length) {
            throw new IOException(imagesName + " holds " + images.count() + " images but " + labelsName + " holds "
                    + labelBytes.length + " labels");
        }
        int[] labels = new int[labelBytes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Byte.toUnsignedInt(labelBytes[i]);
            if (labels[i] >= MnistSplit.CLASSES) {
                throw new IOException(labelsName + ": label " + labels[i] + " of record " + i + " is not a digit 0..9");
            }
        }
        byte[] bytes = images.pixels();
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = Byte.toUnsignedInt(bytes[i]) / 255f;
        }
        return new MnistSplit(pixels, labels, images.rows() * images.cols());
    }

    public MnistSplit train() {
        return train;
    }

    public MnistSplit test() {
        return test;
    }

    /** Where the data came from: {@code embedded mnist-10k} or the directory. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "MnistData[" + source + ": " + train.size() + " train, " + test.size() + " test]";
    }
}
