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
 * mnist:hidden=40,layers=2,activation=relu,batch=128
 * sinusoid:shots=10,query=10                  few-shot sine regression, MLP 1-40-40-1 ReLU
 * </pre>
 *
 * {@link Problem#spec()} gives the canonical form (defaults left out, keys in a fixed order), which
 * parses back to an equal problem.
 */
public final class Problems {

    static final String QUADRATIC = "quadratic";
    static final String MNIST = "mnist";
    static final String SINUSOID = "sinusoid";
    static final String DIM = "dim";
    static final String BATCH = "batch";
    static final String HIDDEN = "hidden";
    static final String LAYERS = "layers";
    static final String ACTIVATION = "activation";
    static final String SHOTS = "shots";
    static final String QUERY = "query";

    private static final List<String> NAMES = List.of(QUADRATIC, MNIST, SINUSOID);
    private static final List<String> ACTIVATIONS =
            Arrays.stream(HiddenActivation.values()).map(HiddenActivation::specName).toList();

    /** MNIST data read from a directory, once per directory and JVM: problems on it then compare equal. */
    private static final Map<Path, MnistData> LOADED = new ConcurrentHashMap<>();

    private Problems() {}

    /** {@link #parse(String, Path)} with the embedded MNIST data. */
    public static Problem parse(String spec) {
        return parse(spec, null);
    }

    /**
     * The problem {@code spec} names.
     *
     * @param dataDir directory with the four MNIST IDX files for {@code mnist}, or {@code null} for the
     *                embedded mnist-10k; not used by {@code quadratic}
     * @throws IllegalArgumentException naming the offending part of {@code spec} and the valid choices
     * @throws UncheckedIOException     if the MNIST files in {@code dataDir} are missing or malformed
     */
    public static Problem parse(String spec, Path dataDir) {
        Spec parsed = Spec.parse(spec);
        return switch (parsed.name()) {
            case QUADRATIC -> quadratic(parsed);
            case MNIST -> mnist(parsed, dataDir);
            case SINUSOID -> sinusoid(parsed);
            default -> throw new IllegalArgumentException("unknown problem '" + parsed.name() + "' in spec '" + spec
                    + "'; valid problems: " + String.join(", ", NAMES));
        };
    }

    /** One line per problem for help texts: its keys at their defaults (every value of a choice), and what it is. */
    public static List<String> describe() {
        return List.of(
                QUADRATIC + ":" + DIM + "=" + QuadraticProblem.DEFAULT_DIM + "," + BATCH + "="
                        + QuadraticProblem.DEFAULT_BATCH
                        + "  mean over `batch` random problems ‖Wθ − y‖², W (dim × dim) and y ~ N(0, 1)",
                MNIST + ":" + HIDDEN + "=" + MnistProblem.DEFAULT_HIDDEN + "," + LAYERS + "="
                        + MnistProblem.DEFAULT_LAYERS + "," + ACTIVATION + "=" + String.join("|", ACTIVATIONS) + ","
                        + BATCH + "=" + MnistProblem.DEFAULT_BATCH
                        + "  MLP on MNIST, softmax cross-entropy on minibatches drawn with replacement",
                SINUSOID + ":" + SHOTS + "=" + SinusoidProblem.DEFAULT_SHOTS + "," + QUERY + "="
                        + SinusoidProblem.DEFAULT_QUERY
                        + "  few-shot A·sin(x − φ): MLP 1-40-40-1 ReLU adapts on `shots` points, scored on `query`");
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

    private static MnistProblem mnist(Spec spec, Path dataDir) {
        spec.requireKeysIn(List.of(HIDDEN, LAYERS, ACTIVATION, BATCH));
        int hidden = spec.integer(HIDDEN, MnistProblem.DEFAULT_HIDDEN, 1);
        int layers = spec.integer(LAYERS, MnistProblem.DEFAULT_LAYERS, 1);
        String activationName = spec.choice(ACTIVATION, MnistProblem.DEFAULT_ACTIVATION.specName(), ACTIVATIONS);
        HiddenActivation activation = HiddenActivation.valueOf(activationName.toUpperCase(Locale.ROOT));
        int batch = spec.integer(BATCH, MnistProblem.DEFAULT_BATCH, 1);
        return spec.construct(() -> new MnistProblem(data(dataDir), hidden, layers, activation, batch));
    }

    private static MnistData data(Path dataDir) {
        if (dataDir == null) {
            return MnistData.embedded();
        }
        return LOADED.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> {
            try {
                return MnistData.load(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read MNIST data from " + dir + ": " + e.getMessage(), e);
            }
        });
    }
}
