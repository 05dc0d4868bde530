package org.l2l4j.optimizee;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.BatchGradient;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.TestMetrics;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Any DL4J {@link MultiLayerNetwork} or {@link ComputationGraph} with a source of minibatches as an
 * {@link Optimizee}. θ is the network's flat {@code params()} vector, in DL4J's order (layer by
 * layer; a dense layer holds W, nIn × nOut column-major, then b). {@link #lossAndGradient} copies θ
 * into the network, feeds the next minibatch, runs {@code computeGradientAndScore()} and copies the
 * flattened gradient out; the loss it returns is the network's {@code score()}.
 *
 * <p>Scaling: DL4J's backward pass leaves the gradient of the loss <em>summed</em> over the minibatch
 * in the gradient view (its updater divides by the minibatch size later, in {@code fit}), while
 * {@code score()} is the mean when the network is configured with {@code miniBatch(true)}, the
 * default, and the sum otherwise. In the first case the gradient handed out is divided by the number
 * of examples, so it is always the gradient of the returned loss. {@code computeGradientAndScore()}
 * applies neither the updater nor regularization, so the updater configured in the network plays no
 * part; a network with regularization is rejected, since its {@code score()} would include a penalty
 * that its gradient lacks.
 *
 * <p>{@link #trainingLoss} and {@link #testMetrics} are measured when the optimizee was built with its
 * whole training and test splits in memory (as every family of {@link Problems} does); one built on an
 * iterator has neither, and returns empty.
 *
 * <p>Dropout and weight noise draw from ND4J's generator ({@code Nd4j.getRandom()}), which is shared by
 * everything in the thread. So a network with either has that generator reseeded before each forward and
 * backward from its configuration's seed (the problem's seed for {@link Problems}' families) and the
 * minibatch's number: the same seed gives the same losses whatever ran before, and a minibatch given
 * again ({@link #lossAndGradientOnBatch}) gets its mask again.
 *
 * <p>The optimizee owns the network from then on: every call overwrites its parameters. Its float32
 * convolution layers run on oneDNN ({@link OneDnnConvolutions}); in a network built for the optimizee alone
 * (the families of {@link Problems}), the layers fed by the network's input skip the gradient with respect to
 * it, which only that network's {@code computeGradientAndScore()} would compute and drop; a network passed to
 * {@code of(..)} keeps it, since its caller may ask for it.
 */
public final class NetworkOptimizee implements Optimizee {

    private final Dl4jNetwork network;
    private final BatchSource batches;
    private final DataSet trainingData; // all the data batches are drawn from, or null if unknown
    private final DataSet testData; // held-out examples, or null if there are none
    private final float[] theta0;
    private final boolean meanLoss; // score() is the mean over the minibatch, not the sum
    private final INDArray params; // the network's flat parameter array
    private final StagingVector thetaIn;
    private final StagingVector gradientOut;
    /** Whether the network draws at random in training mode (dropout, weight noise); then its masks come from: */
    private final boolean drawsInTraining;
    private final long seed;
    /** Whether the network was built for this optimizee alone, so that nothing reads its input gradient. */
    private final boolean privateNetwork;
    /** Minibatches {@link #lossAndGradient(float[], float[])} has drawn: the number of the next one. */
    private long drawn;
    /** {@link #concurrentBatchGradient()}'s answer, made on its first call; null before. */
    private Optional<BatchGradient> concurrent;

    /**
     * @param privateNetwork whether {@code network} was built for this optimizee and nothing else holds it
     * @param trainingData   every example {@code batches} draws from, only read; null if there is no such set
     * @param testData       held-out examples with one-hot labels, only read; null if there are none
     */
    NetworkOptimizee(Dl4jNetwork network, boolean privateNetwork, BatchSource batches, DataSet trainingData,
            DataSet testData, float[] theta0) {
        this.params = parameters(network);
        if (params.length() != theta0.length) {
            throw new IllegalArgumentException("θ0 has " + theta0.length + " values, the network " + params.length()
                    + " parameters");
        }
        requireNoRegularization(network);
        this.meanLoss = scoresMeanLoss(network);
        this.drawsInTraining = drawsInTraining(network);
        this.seed = network.layers()[0].conf().getSeed();
        this.privateNetwork = privateNetwork;
        if (privateNetwork) {
            OneDnnConvolutions.installWithoutInputGradient(network.model());
        } else {
            OneDnnConvolutions.install(network.model());
        }
        this.network = network;
        this.batches = batches;
        this.trainingData = trainingData;
        this.testData = testData;
        this.theta0 = theta0.clone();
        this.thetaIn = new StagingVector(params.dataType(), theta0.length);
        this.gradientOut = new StagingVector(params.dataType(), theta0.length);
    }

    /** {@code network} (initialised) trained on {@code data}, cycled; θ<sub>0</sub> is its current parameters. */
    public static NetworkOptimizee of(MultiLayerNetwork network, DataSetIterator data) {
        return of(new Dl4jNetwork.Sequential(network), new MultiDataSetIteratorAdapter(data));
    }

    /** {@code graph} (initialised, one input, one output) trained on {@code data}, cycled; θ<sub>0</sub> as above. */
    public static NetworkOptimizee of(ComputationGraph graph, DataSetIterator data) {
        return of(new Dl4jNetwork.Graph(graph), new MultiDataSetIteratorAdapter(data));
    }

    /** {@code graph} (initialised) trained on {@code data}, cycled; θ<sub>0</sub> is its current parameters. */
    public static NetworkOptimizee of(ComputationGraph graph, MultiDataSetIterator data) {
        return of(new Dl4jNetwork.Graph(graph), data);
    }

    private static NetworkOptimizee of(Dl4jNetwork network, MultiDataSetIterator data) {
        return new NetworkOptimizee(network, false, new IteratorBatches(data), null, null,
                parameters(network).toFloatVector());
    }

    private static INDArray parameters(Dl4jNetwork network) {
        INDArray params = network.model().params();
        if (params == null) {
            throw new IllegalArgumentException("the network has no parameters yet: call init() on it first");
        }
        return params;
    }

    @Override
    public int dimension() {
        return theta0.length;
    }

    @Override
    public float[] initialParameters() {
        return theta0.clone();
    }

    @Override
    public double lossAndGradient(float[] theta, float[] gradient) {
        requireLengths(theta, gradient);
        return lossAndGradient(theta, batches.next(), drawn++, gradient);
    }

    /** Works on optimizees of {@link Problems}' families, whose sampler keeps its last 1,024 minibatches; not on an iterator. */
    @Override
    public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
        requireLengths(theta, gradient);
        return lossAndGradient(theta, batches.again(batch), batch, gradient);
    }

    /**
     * A copy of the network (same configuration, own arrays) reading the same minibatches into arrays of its
     * own, made on the first call; empty where the batches cannot be given again.
     */
    @Override
    public Optional<BatchGradient> concurrentBatchGradient() {
        if (concurrent == null) {
            concurrent = batches.concurrentReader().map(reader -> new NetworkOptimizee(network.copy(),
                    privateNetwork, reader, null, null, theta0));
        }
        return concurrent;
    }

    /**
     * {@link #lossAndGradientOnBatch(long, float[], float[])} in float64 throughout, for gradient checks: the
     * network must have been built in DOUBLE (e.g. {@link CnnProblem#sample(long, DataType)}), so that θ is
     * not rounded to float32 on its way in.
     */
    public double lossAndGradientOnBatch(long batch, double[] theta, double[] gradient) {
        return lossAndGradient(theta, batches.again(batch), batch, gradient);
    }

    /** The float64 loss and gradient of θ on {@code examples} outside the minibatch sequence (a query set). */
    double lossAndGradient(double[] theta, MultiDataSet examples, double[] gradient) {
        return lossAndGradient(theta, examples, -1, gradient);
    }

    /**
     * The float64 loss and gradient of θ on {@code examples}, minibatch number {@code batch} (for its dropout
     * mask), as {@link #lossAndGradientOnBatch(long, double[], double[])}.
     */
    private double lossAndGradient(double[] theta, MultiDataSet examples, long batch, double[] gradient) {
        if (params.dataType() != DataType.DOUBLE) {
            throw new IllegalStateException("float64 losses need a DOUBLE network, this one is " + params.dataType());
        }
        if (theta.length != theta0.length || gradient.length != theta0.length) {
            throw new IllegalArgumentException("theta and gradient need length " + theta0.length + ", got "
                    + theta.length + " and " + gradient.length);
        }
        params.assign(Nd4j.createFromArray(theta).reshape(params.shape()));
        seedDraws(batch);
        network.computeGradientAndScore(examples);
        double[] sum = network.model().getGradientsViewArray().toDoubleVector();
        double scale = meanLoss ? 1.0 / examples.getFeatures(0).size(0) : 1.0;
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = scale * sum[i];
        }
        return network.model().score();
    }

    private void requireLengths(float[] theta, float[] gradient) {
        if (theta.length != theta0.length || gradient.length != theta0.length) {
            throw new IllegalArgumentException("theta and gradient need length " + theta0.length + ", got "
                    + theta.length + " and " + gradient.length);
        }
    }

    /**
     * The loss of θ on {@code batch}, in training mode, and its gradient, written into {@code gradient}; a
     * batch outside the minibatch sequence (a query set), its dropout mask that of number −1.
     */
    double lossAndGradient(float[] theta, MultiDataSet batch, float[] gradient) {
        return lossAndGradient(theta, batch, -1, gradient);
    }

    /** The same on minibatch number {@code index}, with its dropout mask. */
    private double lossAndGradient(float[] theta, MultiDataSet batch, long index, float[] gradient) {
        setParameters(theta);
        seedDraws(index);
        network.computeGradientAndScore(batch);
        gradientOut.array().assign(network.model().getGradientsViewArray());
        gradientOut.read(gradient, meanLoss ? 1f / batch.getFeatures(0).size(0) : 1f);
        return network.model().score();
    }

    /**
     * The loss ({@code score()}) of θ on all of {@code data}, in inference mode (no dropout), without a
     * gradient and without drawing a minibatch: e.g. the loss on a whole training or test split.
     */
    public double loss(float[] theta, DataSet data) {
        if (theta.length != theta0.length) {
            throw new IllegalArgumentException("theta needs length " + theta0.length + ", got " + theta.length);
        }
        setParameters(theta);
        return network.score(data);
    }

    @Override
    public OptionalDouble trainingLoss(float[] theta) {
        return trainingData == null ? OptionalDouble.empty() : OptionalDouble.of(loss(theta, trainingData));
    }

    /** Test loss and accuracy: the share of test examples whose largest output is at their label's one. */
    @Override
    public Optional<TestMetrics> testMetrics(float[] theta) {
        if (testData == null) {
            return Optional.empty();
        }
        double loss = loss(theta, testData);
        INDArray predicted = network.output(testData.getFeatures()).argMax(1);
        INDArray actual = testData.getLabels().argMax(1);
        double correct = predicted.eq(actual).castTo(DataType.DOUBLE).sumNumber().doubleValue();
        return Optional.of(new TestMetrics(loss, OptionalDouble.of(correct / testData.numExamples())));
    }

    /** Reseeds ND4J's generator for minibatch number {@code index}, if the network draws in training mode. */
    private void seedDraws(long index) {
        if (drawsInTraining) {
            Nd4j.getRandom().setSeed(new SplittableRandom(seed + 0x9E3779B97F4A7C15L * index).nextLong());
        }
    }

    private static boolean drawsInTraining(Dl4jNetwork network) {
        for (Layer layer : network.layers()) {
            org.deeplearning4j.nn.conf.layers.Layer config = layer.conf().getLayer();
            if (config.getIDropout() != null
                    || config instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base && base.getWeightNoise() != null) {
                return true;
            }
        }
        return false;
    }

    private void setParameters(float[] theta) {
        thetaIn.write(theta);
        params.assign(thetaIn.array());
    }

    /** Whether the layers average their loss over the minibatch ({@code miniBatch(true)}); they must agree. */
    private static boolean scoresMeanLoss(Dl4jNetwork network) {
        Layer[] layers = network.layers();
        boolean mean = layers[0].conf().isMiniBatch();
        for (Layer layer : layers) {
            if (layer.conf().isMiniBatch() != mean) {
                throw new IllegalArgumentException("layers 0 and " + layer.getIndex() + " disagree on miniBatch(..):"
                        + " the loss would be neither the mean nor the sum over the minibatch");
            }
        }
        return mean;
    }

    private static void requireNoRegularization(Dl4jNetwork network) {
        for (Layer layer : network.layers()) {
            org.deeplearning4j.nn.conf.layers.Layer config = layer.conf().getLayer();
            for (String param : layer.paramTable().keySet()) {
                List<Regularization> regularization = config.getRegularizationByParam(param);
                if (regularization != null && !regularization.isEmpty()) {
                    throw new IllegalArgumentException("layer " + layer.getIndex() + " (" + config.getLayerName()
                            + ") regularizes parameter " + param + " with " + regularization + ": score() would include"
                            + " the penalty but computeGradientAndScore() leaves its gradient to the updater;"
                            + " configure the network without regularization");
                }
            }
        }
    }
}
