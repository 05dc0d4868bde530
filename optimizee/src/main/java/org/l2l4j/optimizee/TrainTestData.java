package org.l2l4j.optimizee;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A classification data set in memory: a training and a test split with the same features per example,
 * image shape and classes, and where they came from. Read by {@link DataSources} from an IDX directory,
 * a CSV file or a directory of class folders of images; {@link #embedded()} is mnist-10k, shipped in
 * this jar: 8,000 training and 2,000 test digits (see its README.md). Immutable.
 *
 * <p>Normalisation, done once when the data are read: pixels are byte/255 in [0, 1]; CSV features are
 * standardised per column with the training split's mean and standard deviation (a constant column is
 * only centred), and the test split with the same statistics, kept as {@link #standardisation()}.
 */
public final class TrainTestData {

    /** Seed of the shuffle that splits a source without a test set 80/20: the same split on every run. */
    static final long SPLIT_SEED = 0;
    private static final String EMBEDDED_DIR = "mnist-10k/";

    private final LabelledData train;
    private final LabelledData test;
    private final String source;
    private final String testSource; // the held-out file or directory, or null if test came with the source
    private final Standardisation standardisation; // null for data used as read

    private TrainTestData(LabelledData train, LabelledData test, String source, String testSource,
            Standardisation standardisation) {
        this.train = train;
        this.test = test;
        this.source = source;
        this.testSource = testSource;
        this.standardisation = standardisation;
    }

    /**
     * Both splits of one source, their labels one-hot over as many classes as either needs.
     *
     * @throws IOException naming {@code source} if a split is empty or the two disagree in features or shape
     */
    static TrainTestData of(LabelledData train, LabelledData test, String source, Standardisation standardisation)
            throws IOException {
        if (train.size() == 0 || test.size() == 0) {
            throw new IOException(source + ": empty data set: " + train.size() + " training and " + test.size()
                    + " test examples");
        }
        if (train.featuresPerExample() != test.featuresPerExample()
                || !train.imageShape().equals(test.imageShape())) {
            throw new IOException(source + ": training examples have " + describe(train) + " but test examples have "
                    + describe(test));
        }
        int classes = Math.max(train.classes(), test.classes());
        return new TrainTestData(train.withClasses(classes), test.withClasses(classes), source, null, standardisation);
    }

    private static String describe(LabelledData data) {
        return data.imageShape().map(shape -> "images of " + shape)
                .orElse(data.featuresPerExample() + " features");
    }

    /**
     * {@code all} shuffled with {@link #SPLIT_SEED} and cut into the first 80% for training and the rest
     * (at least one example) for testing.
     */
    static TrainTestData split(LabelledData all, String source) throws IOException {
        if (all.size() < 2) {
            throw new IOException(source + ": " + all.size() + " example(s), too few to split into training and test");
        }
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(SPLIT_SEED);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int testSize = Math.max(1, order.length / 5);
        int[] trainRows = Arrays.copyOfRange(order, 0, order.length - testSize);
        int[] testRows = Arrays.copyOfRange(order, order.length - testSize, order.length);
        return of(all.subset(trainRows), all.subset(testRows), source, null);
    }

    /** These data, their test split read from {@code testSource}. */
    TrainTestData withTestSource(String testSource) {
        return new TrainTestData(train, test, source, testSource, standardisation);
    }

    /** These data with one-hot labels of {@code classes} columns (at least {@link #classes()}). */
    TrainTestData withClasses(int classes) {
        return classes == classes() ? this
                : new TrainTestData(train.withClasses(classes), test.withClasses(classes), source, testSource,
                        standardisation);
    }

    /** Adds the spec options that name these data, {@code data} and {@code test}; none for the embedded data. */
    void putSpecOptions(Map<String, Object> options) {
        if (this != embedded()) {
            options.put(Problems.DATA, source);
        }
        if (testSource != null) {
            options.put(Problems.TEST, testSource);
        }
    }

    /** The embedded mnist-10k, read once per JVM. */
    public static TrainTestData embedded() {
        return Embedded.DATA;
    }

    /** Holder: the jar's data is read on first use, once. */
    private static final class Embedded {
        static final TrainTestData DATA = readEmbedded();

        private static TrainTestData readEmbedded() {
            try {
                return IdxDirectory.pair(embeddedSplit(IdxDirectory.TRAIN_IMAGES, IdxDirectory.TRAIN_LABELS),
                        embeddedSplit(IdxDirectory.TEST_IMAGES, IdxDirectory.TEST_LABELS), "embedded mnist-10k");
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded mnist-10k in the l2l4j-optimizee jar is unreadable", e);
            }
        }

        private static IdxDirectory.Split embeddedSplit(String images, String labels) throws IOException {
            try (InputStream imagesIn = open(images); InputStream labelsIn = open(labels)) {
                return new IdxDirectory.Split(IdxFiles.readImages(imagesIn, EMBEDDED_DIR + images),
                        EMBEDDED_DIR + images, IdxFiles.readLabels(labelsIn, EMBEDDED_DIR + labels),
                        EMBEDDED_DIR + labels);
            }
        }

        private static InputStream open(String name) throws IOException {
            String resource = EMBEDDED_DIR + name + ".gz";
            InputStream in = TrainTestData.class.getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException(resource, null, "resource missing from the classpath");
            }
            return in;
        }
    }

    public LabelledData train() {
        return train;
    }

    public LabelledData test() {
        return test;
    }

    /** Number of classes, the same in both splits. */
    public int classes() {
        return train.classes();
    }

    /** The statistics the features were standardised with (CSV data), or empty if they are used as read. */
    public Optional<Standardisation> standardisation() {
        return Optional.ofNullable(standardisation);
    }

    /** Where the data came from: {@code embedded mnist-10k}, or the file or directory. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "TrainTestData[" + source + ": " + train.size() + " train, " + test.size() + " test, " + classes()
                + " classes]";
    }
}
