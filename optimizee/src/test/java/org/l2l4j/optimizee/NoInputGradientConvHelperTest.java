package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class NoInputGradientConvHelperTest {

    private static final int BATCH = 6;
    private static final int CLASSES = 3;

    /** A conv net whose first layer has this geometry: conv → pool → conv → softmax, or the default {@code cnn}. */
    record Net(String name, int channels, int side, int kernel, int stride, int padding, ConvolutionMode mode) {

        @Override
        public String toString() {
            return name;
        }

        MultiLayerConfiguration configuration(DataType dataType) {
            if (name.equals("default cnn")) {
                return ((CnnProblem) Problems.parse("cnn")).configuration(3, dataType);
            }
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(11).dataType(dataType)
                    .updater(new NoOp()).convolutionMode(mode).list();
            // no fallback: a helper that fails throws instead of handing over to DL4J's own path unseen
            list.layer(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
                    .nOut(5).activation(Activation.TANH).cudnnAllowFallback(false).build());
            list.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
            list.layer(new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.RELU).cudnnAllowFallback(false)
                    .build());
            list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                    .activation(Activation.SOFTMAX).build());
            list.setInputType(InputType.convolutional(side, side, channels));
            return list.build();
        }

        long[] featureShape() {
            if (name.equals("default cnn")) {
                return new long[] {BATCH, 28 * 28};
            }
            return new long[] {BATCH, channels, side, side};
        }

        int classes() {
            return name.equals("default cnn") ? 10 : CLASSES;
        }
    }

    static Stream<Net> networks() {
        return Stream.of(
                new Net("default cnn", 1, 28, 5, 1, 0, ConvolutionMode.Same),
                new Net("3 channels, stride 2", 3, 11, 3, 2, 0, ConvolutionMode.Same),
                new Net("stride 3, even kernel", 2, 13, 4, 3, 0, ConvolutionMode.Same),
                new Net("padding 1, truncate", 2, 12, 3, 1, 1, ConvolutionMode.Truncate));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void theLossAndGradientEqualDl4jsOwnConvolution(Net net) {
        MultiLayerNetwork plain = network(net, DataType.FLOAT);
        MultiLayerNetwork helped = network(net, DataType.FLOAT);
        assertEquals(2, OneDnnConvolutions.installWithoutInputGradient(helped));
        assertInstanceOf(NoInputGradientConvHelper.class, helped.getLayer(0).getHelper());
        INDArray features = features(net);
        INDArray labels = labels(net.classes());

        double[] plainResult = OneDnnConvolutionsTest.lossAndGradient(plain, features, labels);
        double[] helpedResult = OneDnnConvolutionsTest.lossAndGradient(helped, features, labels);
        assertEquals(0, helperFailures(helped), "the helper ran: DL4J did not fall back to its own path");

        // float32 sums in another order: the same tolerance as OneDnnConvolutionsTest's
        double scale = 0;
        for (double value : plainResult) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int i = 0; i < plainResult.length; i++) {
            assertEquals(plainResult[i], helpedResult[i], 1e-5 * scale, "value " + i + " (0 is the loss)");
        }
    }

    @Test
    void theFirstLayersGradientMatchesCentralDifferencesOfTheFloat64Loss() {
        Net net = networks().filter(n -> n.name().startsWith("3 channels")).findFirst().orElseThrow();
        MultiLayerNetwork helped = network(net, DataType.FLOAT);
        OneDnnConvolutions.installWithoutInputGradient(helped);
        MultiLayerNetwork exact = new MultiLayerNetwork(net.configuration(DataType.DOUBLE));
        exact.init(helped.params().castTo(DataType.DOUBLE), true);
        INDArray features = features(net);
        INDArray labels = labels(net.classes());
        double[] gradient = OneDnnConvolutionsTest.lossAndGradient(helped, features, labels);
        exact.setInput(features.castTo(DataType.DOUBLE));
        exact.setLabels(labels.castTo(DataType.DOUBLE));
        INDArray theta = exact.params();
        long firstLayer = exact.getLayer(0).numParams();

        // the float32 gradient against the float64 loss's: 1e-3 of the largest component covers float32's
        // rounding of the forward and the sums (the central difference itself is good to ~1e-8 here)
        double h = 1e-5;
        double largest = 0;
        for (long i = 0; i < firstLayer; i++) {
            largest = Math.max(largest, Math.abs(gradient[(int) i + 1]));
        }
        for (long i = 0; i < firstLayer; i++) {
            double at = theta.getDouble(i);
            theta.putScalar(i, at + h);
            double up = score(exact);
            theta.putScalar(i, at - h);
            double down = score(exact);
            theta.putScalar(i, at);
            double meanGradient = gradient[(int) i + 1] / BATCH; // DL4J's gradient is summed over the batch
            assertEquals((up - down) / (2 * h), meanGradient, 1e-3 * largest / BATCH, "parameter " + i);
        }
    }

    @Test
    void theInputGradientItReturnsIsNaN() {
        Net net = networks().findFirst().orElseThrow();
        MultiLayerNetwork helped = network(net, DataType.FLOAT);
        OneDnnConvolutions.installWithoutInputGradient(helped);
        INDArray features = features(net);

        Pair<Gradient, INDArray> gradients = helped.calculateGradients(features, labels(net.classes()), null, null);

        assertTrue(gradients.getSecond().isNaN().all(), "every entry of the input gradient is NaN");
    }

    /** How often the first layer's helper failed (the default cnn lets DL4J fall back to its own path). */
    private static int helperFailures(MultiLayerNetwork network) {
        try {
            Field failures = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class
                    .getDeclaredField("helperCountFail");
            failures.setAccessible(true);
            return failures.getInt(network.getLayer(0));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double score(MultiLayerNetwork network) {
        network.computeGradientAndScore();
        return network.score();
    }

    private static MultiLayerNetwork network(Net net, DataType dataType) {
        MultiLayerNetwork network = new MultiLayerNetwork(net.configuration(dataType));
        network.init();
        return network;
    }

    private static INDArray features(Net net) {
        Nd4j.getRandom().setSeed(17);
        return Nd4j.rand(DataType.FLOAT, net.featureShape()).subi(0.3);
    }

    private static INDArray labels(int classes) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, classes);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, i % classes, 1);
        }
        return labels;
    }
}
