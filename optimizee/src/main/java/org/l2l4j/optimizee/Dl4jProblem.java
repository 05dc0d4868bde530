package org.l2l4j.optimizee;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.l2l4j.core.Problem;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A user's DL4J network on a user's data: each task is a fresh network from the configuration, its
 * initialisers seeded with the task seed, trained by cross-entropy (the configuration's own loss) on
 * minibatches of {@code batch} examples drawn uniformly with replacement from the training split by a
 * {@link Random} seeded with the task seed, so every minibatch can be replayed.
 *
 * <p>Built by {@link #of}, which checks, before anything runs, that the network takes the data's
 * examples (flat, or as [channels, height, width] images for a network that starts with a convolution),
 * that its output has a column for every label, and that it computes a loss and gradient on a minibatch.
 *
 * <p>Spec: {@code dl4j:conf=FILE,data=PATH[,test=PATH][,batch=128]}.
 */
public final class Dl4jProblem implements Problem {

    public static final int DEFAULT_BATCH = 128;

    private final String conf; // the configuration file as given
    private final Dl4jConfiguration configuration;
    private final TrainTestData data; // as read: what the spec names
    private final TrainTestData labelled; // the data, one-hot over the network's outputs
    private final int batch;
    private final long[] exampleShape; // one example's features as the network takes them
    private final DataSet trainingSet;
    private final DataSet testSet;

    private Dl4jProblem(String conf, Dl4jConfiguration configuration, TrainTestData data, int outputs, int batch,
            long[] exampleShape) {
        this.conf = conf;
        this.configuration = configuration;
        this.data = data;
        this.labelled = data.withClasses(outputs);
        this.batch = batch;
        this.exampleShape = exampleShape;
        this.trainingSet = shaped(labelled.train().sharedDataSet());
        this.testSet = shaped(labelled.test().sharedDataSet());
    }

    /**
     * The problem, checked by building the network of seed 0 and computing one minibatch's loss and gradient.
     *
     * @param conf the configuration file's name as the spec gives it
     * @throws IllegalArgumentException naming {@code conf=} or {@code data=}: the network does not take the
     *                                  data's examples, has fewer outputs than the data's classes, or cannot
     *                                  compute a loss and gradient (no output layer, regularization)
     */
    static Dl4jProblem of(String conf, Dl4jConfiguration configuration, TrainTestData data, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("dl4j batch must be >= 1, got " + batch);
        }
        InputProbe probe = probe(conf, configuration, data);
        int outputs = probe.outputs();
        long[] shape = probe.exampleShape();
        if (data.classes() > outputs) {
            throw new IllegalArgumentException("data=" + data.source() + ": labels go up to " + (data.classes() - 1)
                    + ", outside the " + outputs + " classes of conf=" + conf + "'s output layer");
        }
        Dl4jProblem problem = new Dl4jProblem(conf, configuration, data, outputs, batch, shape);
        try {
            NetworkOptimizee task = problem.sample(0);
            task.lossAndGradient(task.initialParameters(), new float[task.dimension()]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("conf=" + conf + ": the network cannot be trained on data="
                    + data.source() + ": " + oneLine(e.getMessage()), e);
        }
        return problem;
    }

    /** How a network takes a data set's examples: their shape, flat or an image's, and its number of outputs. */
    record InputProbe(long[] exampleShape, int outputs) {
    }

    /**
     * Runs {@code configuration}'s network of seed 0 on the first training example, flat, else (for a network
     * that starts with a convolution) as a [channels, height, width] image.
     *
     * @throws IllegalArgumentException naming {@code conf=}: the network takes neither, or its output is not
     *                                  one row of class scores
     */
    static InputProbe probe(String conf, Dl4jConfiguration configuration, TrainTestData data) {
        Dl4jNetwork network = configuration.network(0);
        float[] first = new float[data.train().featuresPerExample()];
        System.arraycopy(data.train().sharedFeatures(), 0, first, 0, first.length);
        long[] flat = {first.length};
        long[] shape = flat;
        INDArray output;
        try {
            output = network.output(Nd4j.create(first, prepend(flat)));
        } catch (RuntimeException flatRefused) {
            ImageShape image = data.train().imageShape().orElse(null);
            if (image == null) {
                throw refused(conf, data, flatRefused);
            }
            shape = new long[] {image.channels(), image.height(), image.width()};
            try {
                output = network.output(Nd4j.create(first, prepend(shape)));
            } catch (RuntimeException imageRefused) {
                throw refused(conf, data, flatRefused);
            }
        }
        if (output.rank() != 2) {
            throw new IllegalArgumentException("conf=" + conf + ": the network's output has shape "
                    + Arrays.toString(output.shape()) + ", not one row of class scores per example");
        }
        int outputs = (int) output.size(1);
        return new InputProbe(shape, outputs);
    }

    private static IllegalArgumentException refused(String conf, TrainTestData data, RuntimeException e) {
        String examples = data.train().imageShape().map(shape -> "images of " + shape + " (" + shape.size()
                + " values)").orElse("rows of " + data.train().featuresPerExample() + " features");
        return new IllegalArgumentException("conf=" + conf + ": the network does not take data=" + data.source() + "'s "
                + examples + ": " + oneLine(e.getMessage()), e);
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
    }

    /** {@code shape} with a leading 1, the rows of a one-example batch. */
    static long[] prepend(long[] shape) {
        long[] withRows = new long[shape.length + 1];
        withRows[0] = 1;
        System.arraycopy(shape, 0, withRows, 1, shape.length);
        return withRows;
    }

    /** {@code flat} with its features reshaped to what the network takes (a view; the same data). */
    private DataSet shaped(DataSet flat) {
        if (exampleShape.length == 1) {
            return flat;
        }
        long[] shape = prepend(exampleShape);
        shape[0] = flat.numExamples();
        return new DataSet(flat.getFeatures().reshape(shape), flat.getLabels());
    }

    /** The data, their labels one-hot over the network's outputs. */
    public TrainTestData data() {
        return labelled;
    }

    public int batch() {
        return batch;
    }

    @Override
    public String spec() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(Problems.CONF, conf);
        data.putSpecOptions(options);
        if (batch != DEFAULT_BATCH) {
            options.put(Problems.BATCH, batch);
        }
        return Spec.format(Problems.DL4J, options);
    }

    /** The network of {@code seed} with DL4J's initial weights as θ<sub>0</sub>. */
    @Override
    public NetworkOptimizee sample(long seed) {
        Dl4jNetwork network = configuration.network(seed);
        return new NetworkOptimizee(network, true,
                new ReplacementSampler(labelled.train(), batch, new Random(seed), exampleShape), trainingSet, testSet,
                network.model().params().toFloatVector());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dl4jProblem that && conf.equals(that.conf) && configuration.equals(that.configuration)
                && data.equals(that.data) && batch == that.batch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(conf, configuration, data, batch);
    }

    @Override
    public String toString() {
        return "Dl4jProblem[" + spec() + "]";
    }
}
