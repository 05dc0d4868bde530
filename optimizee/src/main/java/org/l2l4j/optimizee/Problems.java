package org.l2l4j.optimizee;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.l2l4j.core.Problem;

/**
 * Problem specs, {@code name[:key=value,...]}, to {@link Problem}s: the entry point of this package.
 *
 * <pre>
 * quadratic                                   128 random 10-dimensional quadratics
 * quadratic:dim=20,batch=64
 * mnist                                       MLP 784-20-10 sigmoid, minibatch 128
 * mnist:hidden=40,layers=2,activation=relu,batch=128,data=PATH
 * cnn:channels=8,kernel=5,layers=2,activation=relu,batch=128,data=PATH
 * dl4j:conf=net.json,data=train.csv,test=test.csv,batch=128
 * sinusoid:shots=10,query=10                  few-shot sine regression, MLP 1-40-40-1 ReLU
 * fewshot:ways=5,shots=1,query=15,data=PATH,train-classes=0-4,test-classes=5-9,conf=FILE,augment=none
 *                                             N-way K-shot classification episodes (MNIST digits by default)
 * </pre>
 *
 * {@code data=} (and {@code test=}) name the data of a data-backed family ({@link DataSources}: an IDX
 * directory, a CSV file, class folders of images); without it the default given to
 * {@link #parse(String, Path)} is used, then, for {@code mnist} and {@code cnn}, the embedded mnist-10k.
 * {@link Problem#spec()} gives the canonical form (defaults left out, keys in a fixed order, the data's
 * path when it is not the embedded set), which parses back to an equal problem.
 */
public final class Problems {

    static final String QUADRATIC = "quadratic";
    static final String MNIST = "mnist";
    static final String CNN = "cnn";
    static final String DL4J = "dl4j";
    static final String SINUSOID = "sinusoid";
    static final String FEWSHOT = "fewshot";
    static final String DIM = "dim";
    static final String BATCH = "batch";
    static final String HIDDEN = "hidden";
    static final String LAYERS = "layers";
    static final String ACTIVATION = "activation";
    static final String CHANNELS = "channels";
    static final String KERNEL = "kernel";
    static final String CONF = "conf";
    static final String DATA = "data";
    static final String TEST = "test";
    static final String SHOTS = "shots";
    static final String QUERY = "query";
    static final String WAYS = "ways";
    static final String TRAIN_CLASSES = "train-classes";
    static final String TEST_CLASSES = "test-classes";
    static final String AUGMENT = "augment";

    /** Class-folder images are resized to MNIST's size for {@code mnist} and {@code cnn}. */
    private static final ImageShape MNIST_IMAGES = new ImageShape(1, 28, 28);
    private static final List<String> NAMES = List.of(QUADRATIC, MNIST, CNN, DL4J, SINUSOID, FEWSHOT);
    private static final List<String> ACTIVATIONS =
            Arrays.stream(HiddenActivation.values()).map(HiddenActivation::specName).toList();

    /** Data read from a path, once per path, test path and image size and JVM: problems on it then compare equal. */
    private static final Map<DataKey, TrainTestData> LOADED = new ConcurrentHashMap<>();

    private record DataKey(Path data, Path test, ImageShape imageSize) {}

    private Problems() {}

    /** {@link #parse(String, Path)} without default data: the embedded MNIST for {@code mnist} and {@code cnn}. */
    public static Problem parse(String spec) {
        return parse(spec, null);
    }

    /**
     * The problem {@code spec} names.
     *
     * @param defaultData the data of a data-backed family whose spec has no {@code data=} key (the CLI's
     *                    {@code --data}), or {@code null}; not used by {@code quadratic}
     * @throws IllegalArgumentException naming the offending part of {@code spec} (a key, or a file a key
     *                                  names and what is wrong with it) and the valid choices
     * @throws UncheckedIOException     naming the file and the problem if {@code defaultData} cannot be read
     *                                  as data
     */
    public static Problem parse(String spec, Path defaultData) {
        Spec parsed = Spec.parse(spec);
        return switch (parsed.name()) {
            case QUADRATIC -> quadratic(parsed);
            case MNIST -> mnist(parsed, defaultData);
            case CNN -> cnn(parsed, defaultData);
            case DL4J -> dl4j(parsed, defaultData);
            case SINUSOID -> sinusoid(parsed);
            case FEWSHOT -> fewshot(parsed, defaultData);
            default -> throw new IllegalArgumentException("unknown problem '" + parsed.name() + "' in spec '" + spec
                    + "'; valid problems: " + String.join(", ", NAMES));
        };
    }

    /** One line per problem for help texts: its keys at their defaults (every value of a choice), and what it is. */
    public static List<String> describe() {
        String activations = String.join("|", ACTIVATIONS);
        return List.of(
                QUADRATIC + ":" + DIM + "=" + QuadraticProblem.DEFAULT_DIM + "," + BATCH + "="
                        + QuadraticProblem.DEFAULT_BATCH
                        + "  mean over `batch` random problems ‖Wθ − y‖², W (dim × dim) and y ~ N(0, 1)",
                MNIST + ":" + HIDDEN + "=" + MnistProblem.DEFAULT_HIDDEN + "," + LAYERS + "="
                        + MnistProblem.DEFAULT_LAYERS + "," + ACTIVATION + "=" + activations + ","
                        + BATCH + "=" + MnistProblem.DEFAULT_BATCH + "," + DATA + "=PATH," + TEST + "=PATH"
                        + "  MLP, softmax cross-entropy on minibatches drawn with replacement (MNIST by default)",
                CNN + ":" + CHANNELS + "=" + CnnProblem.DEFAULT_CHANNELS + "," + KERNEL + "=" + CnnProblem.DEFAULT_KERNEL
                        + "," + LAYERS + "=" + CnnProblem.DEFAULT_LAYERS + "," + ACTIVATION + "=" + activations + ","
                        + BATCH + "=" + CnnProblem.DEFAULT_BATCH + "," + DATA + "=PATH," + TEST + "=PATH"
                        + "  conv net (conv, max pool) x layers, dense softmax, on images (MNIST by default)",
                DL4J + ":" + CONF + "=FILE," + DATA + "=PATH," + TEST + "=PATH," + BATCH + "=" + Dl4jProblem.DEFAULT_BATCH
                        + "  your DL4J configuration (toJson() or a ModelSerializer zip) on your data",
                SINUSOID + ":" + SHOTS + "=" + SinusoidProblem.DEFAULT_SHOTS + "," + QUERY + "="
                        + SinusoidProblem.DEFAULT_QUERY
                        + "  few-shot A·sin(x − φ): MLP 1-40-40-1 ReLU adapts on `shots` points, scored on `query`",
                FEWSHOT + ":" + WAYS + "=" + FewShotClassification.DEFAULT_WAYS + "," + SHOTS + "="
                        + FewShotClassification.DEFAULT_SHOTS + "," + QUERY + "=" + FewShotClassification.DEFAULT_QUERY
                        + "," + DATA + "=PATH," + TRAIN_CLASSES + "=0-4," + TEST_CLASSES + "=5-9," + CONF + "=FILE,"
                        + AUGMENT + "=" + String.join("|", ClassAugmentation.specNames())
                        + "  N-way K-shot classification episodes, meta-trained on train-classes, evaluated on"
                        + " test-classes (MNIST digits by default; conv net on images, MLP F-40-40-N on CSV)");
    }

    private static QuadraticProblem quadratic(Spec spec) {
        spec.requireKeysIn(List.of(DIM, BATCH));
        int dim = spec.integer(DIM, QuadraticProblem.DEFAULT_DIM, 1);
        int batch = spec.integer(BATCH, QuadraticProblem.DEFAULT_BATCH, 1);
        return spec.construct(() -> new QuadraticProblem(dim, batch));
    }

    private static SinusoidProblem sinusoid(Spec spec) {
        spec.requireKeysIn(List.of(SHOTS, QUERY));
        int shots = spec.integer(SHOTS, SinusoidProblem.DEFAULT_SHOTS, 1);
        int query = spec.integer(QUERY, SinusoidProblem.DEFAULT_QUERY, 1);
        return spec.construct(() -> new SinusoidProblem(shots, query));
    }

    private static FewShotClassification fewshot(Spec spec, Path defaultData) {
        spec.requireKeysIn(List.of(WAYS, SHOTS, QUERY, DATA, TRAIN_CLASSES, TEST_CLASSES, CONF, AUGMENT));
        int ways = spec.integer(WAYS, FewShotClassification.DEFAULT_WAYS, 2);
        int shots = spec.integer(SHOTS, FewShotClassification.DEFAULT_SHOTS, 1);
        int query = spec.integer(QUERY, FewShotClassification.DEFAULT_QUERY, 1);
        String conf = spec.text(CONF);
        Dl4jConfiguration configuration = null;
        if (conf != null) {
            try {
                configuration = Dl4jConfiguration.read(Path.of(conf));
            } catch (IOException e) {
                throw new IllegalArgumentException("problem spec '" + spec.text() + "': " + CONF + "=" + oneLine(e), e);
            }
        }
        TrainTestData data = data(spec, defaultData,
                configuration == null ? MNIST_IMAGES : configuration.imageInput().orElse(null));
        ClassRange train = classRange(spec, TRAIN_CLASSES, FewShotClassification.firstHalf(data));
        ClassRange test = classRange(spec, TEST_CLASSES, FewShotClassification.secondHalf(data));
        Dl4jConfiguration network = configuration;
        ClassAugmentation augmentation = ClassAugmentation.valueOf(spec.choice(AUGMENT, ClassAugmentation.NONE.specName(),
                ClassAugmentation.specNames()).toUpperCase(Locale.ROOT));
        return spec.construct(() -> new FewShotClassification(data, ways, shots, query, train, test, conf, network,
                augmentation));
    }

    private static ClassRange classRange(Spec spec, String key, ClassRange fallback) {
        String text = spec.text(key);
        return text == null ? fallback : spec.construct(() -> ClassRange.parse(key, text));
    }

    private static MnistProblem mnist(Spec spec, Path defaultData) {
        spec.requireKeysIn(List.of(HIDDEN, LAYERS, ACTIVATION, BATCH, DATA, TEST));
        int hidden = spec.integer(HIDDEN, MnistProblem.DEFAULT_HIDDEN, 1);
        int layers = spec.integer(LAYERS, MnistProblem.DEFAULT_LAYERS, 1);
        HiddenActivation activation = activation(spec, MnistProblem.DEFAULT_ACTIVATION);
        int batch = spec.integer(BATCH, MnistProblem.DEFAULT_BATCH, 1);
        TrainTestData data = data(spec, defaultData, MNIST_IMAGES);
        return spec.construct(() -> new MnistProblem(data, hidden, layers, activation, batch));
    }

    private static CnnProblem cnn(Spec spec, Path defaultData) {
        spec.requireKeysIn(List.of(CHANNELS, KERNEL, LAYERS, ACTIVATION, BATCH, DATA, TEST));
        int channels = spec.integer(CHANNELS, CnnProblem.DEFAULT_CHANNELS, 1);
        int kernel = spec.integer(KERNEL, CnnProblem.DEFAULT_KERNEL, 1);
        int layers = spec.integer(LAYERS, CnnProblem.DEFAULT_LAYERS, 1);
        HiddenActivation activation = activation(spec, CnnProblem.DEFAULT_ACTIVATION);
        int batch = spec.integer(BATCH, CnnProblem.DEFAULT_BATCH, 1);
        TrainTestData data = data(spec, defaultData, MNIST_IMAGES);
        return spec.construct(() -> new CnnProblem(data, channels, kernel, layers, activation, batch));
    }

    private static Dl4jProblem dl4j(Spec spec, Path defaultData) {
        spec.requireKeysIn(List.of(CONF, DATA, TEST, BATCH));
        String conf = spec.text(CONF);
        if (conf == null) {
            throw new IllegalArgumentException("problem spec '" + spec.text() + "': dl4j needs " + CONF
                    + "=FILE, a DL4J configuration (toJson()) or ModelSerializer zip");
        }
        if (spec.text(DATA) == null && defaultData == null) {
            throw new IllegalArgumentException("problem spec '" + spec.text() + "': dl4j needs " + DATA
                    + "=PATH (or --data): a CSV file, a directory of class folders of images or of IDX files");
        }
        int batch = spec.integer(BATCH, Dl4jProblem.DEFAULT_BATCH, 1);
        Dl4jConfiguration configuration;
        try {
            configuration = Dl4jConfiguration.read(Path.of(conf));
        } catch (IOException e) {
            throw new IllegalArgumentException("problem spec '" + spec.text() + "': " + CONF + "=" + oneLine(e), e);
        }
        TrainTestData data = data(spec, defaultData, configuration.imageInput().orElse(null));
        return spec.construct(() -> Dl4jProblem.of(conf, configuration, data, batch));
    }

    private static HiddenActivation activation(Spec spec, HiddenActivation fallback) {
        String name = spec.choice(ACTIVATION, fallback.specName(), ACTIVATIONS);
        return HiddenActivation.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * The data {@code data=} names, else {@code defaultData}, else the embedded mnist-10k; a bad file is
     * reported by its key ({@code data} or {@code test}) as an IllegalArgumentException, or, when it is
     * {@code defaultData}, as an UncheckedIOException for the caller to name.
     *
     * @param imageSize the size class-folder images are resized to, or null if unknown
     */
    private static TrainTestData data(Spec spec, Path defaultData, ImageShape imageSize) {
        String dataText = spec.text(DATA);
        String testText = spec.text(TEST);
        Path data = dataText != null ? Path.of(dataText) : defaultData;
        if (data == null) {
            if (testText != null) {
                throw new IllegalArgumentException("problem spec '" + spec.text() + "': " + TEST + "=" + testText
                        + " needs " + DATA + "=PATH: the embedded MNIST has its own test split");
            }
            return TrainTestData.embedded();
        }
        if (data.toString().contains(",")) {
            throw new IllegalArgumentException(data + ": a data path with a comma cannot be written in a problem spec");
        }
        Path test = testText == null ? null : Path.of(testText);
        DataKey key = new DataKey(data.toAbsolutePath().normalize(), test == null ? null : test.toAbsolutePath().normalize(),
                imageSize);
        try {
            return LOADED.computeIfAbsent(key, k -> {
                try {
                    return DataSources.read(data, test, imageSize);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            boolean testFile = test != null && String.valueOf(e.getCause().getMessage()).startsWith(test.toString());
            if (!testFile && dataText == null) {
                throw new UncheckedIOException(oneLine(e.getCause()), e.getCause());
            }
            throw new IllegalArgumentException("problem spec '" + spec.text() + "': " + (testFile ? TEST : DATA) + "="
                    + oneLine(e.getCause()), e.getCause());
        }
    }

    private static String oneLine(IOException e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }
}
