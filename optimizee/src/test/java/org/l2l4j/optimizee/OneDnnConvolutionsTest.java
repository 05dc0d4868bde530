package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class OneDnnConvolutionsTest {

    private static final int SIDE = 10;
    private static final int BATCH = 6;

    @Test
    void theTestsRunOnNd4jsOneDnnBuild() {
        assertTrue(OneDnnConvolutions.available(),
                "the tests' JVM should load ND4J's oneDNN build (-Djavacpp.platform.extension=-onednn)");
    }

    @Test
    void everyConvolutionLayerOfAFloatNetworkGetsTheHelper() {
        MultiLayerNetwork network = network(DataType.FLOAT);

        assertEquals(2, OneDnnConvolutions.install(network));
        assertInstanceOf(MKLDNNConvHelper.class, network.getLayer(0).getHelper());
        assertInstanceOf(MKLDNNConvHelper.class, network.getLayer(2).getHelper());
        assertNull(network.getLayer(4).getHelper(), "the output layer");
        assertEquals(0, OneDnnConvolutions.install(network), "a layer that has a helper keeps it");
    }

    @Test
    void aComputationGraphsConvolutionLayersGetTheHelperToo() {
        ComputationGraph graph = network(DataType.FLOAT).toComputationGraph();

        assertEquals(2, OneDnnConvolutions.install(graph));
    }

    @Test
    void float64NetworksKeepDl4jsOwnConvolution() {
        MultiLayerNetwork network = network(DataType.DOUBLE);

        assertEquals(0, OneDnnConvolutions.install(network));
        assertEquals(0, OneDnnConvolutions.installWithoutInputGradient(network));
        assertNull(network.getLayer(0).getHelper());
    }

    @Test
    void nhwcAndDilatedLayersKeepDl4jsOwnConvolution() {
        MultiLayerNetwork nhwc = network(DataType.FLOAT, CNN2DFormat.NHWC, 1);
        MultiLayerNetwork dilated = network(DataType.FLOAT, CNN2DFormat.NCHW, 2);

        assertEquals(0, OneDnnConvolutions.installWithoutInputGradient(nhwc));
        assertEquals(0, OneDnnConvolutions.installWithoutInputGradient(dilated));
        assertNull(nhwc.getLayer(0).getHelper());
        assertNull(dilated.getLayer(0).getHelper());
    }

    @Test
    void withoutTheInputGradientOnlyTheFirstLayerSkipsIt() {
        MultiLayerNetwork network = network(DataType.FLOAT);

        assertEquals(2, OneDnnConvolutions.installWithoutInputGradient(network));
        assertInstanceOf(NoInputGradientConvHelper.class, network.getLayer(0).getHelper());
        assertInstanceOf(MKLDNNConvHelper.class, network.getLayer(2).getHelper());
    }

    @Test
    void inAGraphTheLayersFedByItsInputSkipIt() {
        ComputationGraph graph = network(DataType.FLOAT).toComputationGraph();

        assertEquals(2, OneDnnConvolutions.installWithoutInputGradient(graph));
        assertInstanceOf(NoInputGradientConvHelper.class, graph.getLayer(0).getHelper());
        assertInstanceOf(MKLDNNConvHelper.class, graph.getLayer(2).getHelper());
    }

    @Test
    void aGraphWithoutTheInputGradientComputesTheSameLossAndGradient() {
        ComputationGraph plain = network(DataType.FLOAT).toComputationGraph();
        ComputationGraph helped = network(DataType.FLOAT).toComputationGraph();
        OneDnnConvolutions.installWithoutInputGradient(helped);
        INDArray features = features();
        INDArray labels = labels();

        double[] plainResult = lossAndGradient(plain, features, labels);
        double[] helpedResult = lossAndGradient(helped, features, labels);

        assertClose(plainResult, helpedResult);
    }

    @Test
    void anOptimizeesOwnNetworkSkipsTheInputGradientButOneACallerPassesInKeepsIt() {
        MultiLayerNetwork own = network(DataType.FLOAT);
        MultiLayerNetwork passedIn = network(DataType.FLOAT);
        DataSetIterator data = new SingletonDataSetIterator(new DataSet(features(), labels()));

        new NetworkOptimizee(new Dl4jNetwork.Sequential(own), true, new IteratorBatches(
                new MultiDataSetIteratorAdapter(data)), null, null, own.params().toFloatVector());
        NetworkOptimizee.of(passedIn, data);

        assertInstanceOf(NoInputGradientConvHelper.class, own.getLayer(0).getHelper());
        assertInstanceOf(MKLDNNConvHelper.class, passedIn.getLayer(0).getHelper());
    }

    @Test
    void theHelperComputesTheSameLossAndGradientAsDl4jsOwnConvolution() {
        MultiLayerNetwork plain = network(DataType.FLOAT);
        MultiLayerNetwork helped = network(DataType.FLOAT);
        OneDnnConvolutions.install(helped);
        INDArray features = features();
        INDArray labels = labels();

        double[] plainResult = lossAndGradient(plain, features, labels);
        double[] helpedResult = lossAndGradient(helped, features, labels);

        assertClose(plainResult, helpedResult);
    }

    /** Equal within 1e-5 of the largest magnitude: float32 sums in another order. */
    private static void assertClose(double[] expected, double[] actual) {
        double scale = 0;
        for (double value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * scale, "value " + i + " (0 is the loss)");
        }
    }

    private static INDArray features() {
        Nd4j.getRandom().setSeed(3);
        return Nd4j.rand(DataType.FLOAT, BATCH, SIDE * SIDE);
    }

    private static INDArray labels() {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, i % 3, 1);
        }
        return labels;
    }

    /** The loss, then the gradient (summed over the batch, as DL4J leaves it). */
    static double[] lossAndGradient(MultiLayerNetwork network, INDArray features, INDArray labels) {
        network.setInput(features);
        network.setLabels(labels);
        network.computeGradientAndScore();
        double[] gradient = network.gradient().gradient().toDoubleVector();
        double[] result = new double[gradient.length + 1];
        result[0] = network.score();
        System.arraycopy(gradient, 0, result, 1, gradient.length);
        return result;
    }

    private static double[] lossAndGradient(ComputationGraph graph, INDArray features, INDArray labels) {
        graph.setInputs(features);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        double[] gradient = graph.gradient().gradient().toDoubleVector();
        double[] result = new double[gradient.length + 1];
        result[0] = graph.score();
        System.arraycopy(gradient, 0, result, 1, gradient.length);
        return result;
    }

    /** conv 3×3 (4 channels, 'same', NCHW on flat input) → pool → conv 3×3 → pool → softmax (3 classes), seed 7. */
    private static MultiLayerNetwork network(DataType dataType) {
        return network(dataType, CNN2DFormat.NCHW, 1);
    }

    private static MultiLayerNetwork network(DataType dataType, CNN2DFormat format, int dilation) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).dataType(dataType)
                .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list();
        for (int layer = 0; layer < 2; layer++) {
            // no fallback: a helper that fails throws instead of handing over to DL4J's own path unseen
            list.layer(new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(format).dilation(dilation, dilation)
                    .activation(Activation.RELU).cudnnAllowFallback(false).build());
            list.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(format)
                    .build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .build());
        list.setInputType(format == CNN2DFormat.NCHW ? InputType.convolutionalFlat(SIDE, SIDE, 1)
                : InputType.convolutional(SIDE, SIDE, 1, format));
        MultiLayerNetwork network = new MultiLayerNetwork(list.build());
        network.init();
        return network;
    }
}
