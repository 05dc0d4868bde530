package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertNull(network.getLayer(0).getHelper());
    }

    @Test
    void theHelperComputesTheSameLossAndGradientAsDl4jsOwnConvolution() {
        MultiLayerNetwork plain = network(DataType.FLOAT);
        MultiLayerNetwork helped = network(DataType.FLOAT);
        OneDnnConvolutions.install(helped);
        INDArray features = Nd4j.rand(DataType.FLOAT, BATCH, SIDE * SIDE);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, i % 3, 1);
        }

        double[] plainResult = lossAndGradient(plain, features, labels);
        double[] helpedResult = lossAndGradient(helped, features, labels);

        double scale = 0;
        for (double value : plainResult) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int i = 0; i < plainResult.length; i++) {
            assertEquals(plainResult[i], helpedResult[i], 1e-5 * scale, "value " + i + " (0 is the loss)");
        }
    }

    /** The loss, then the gradient. */
    private static double[] lossAndGradient(MultiLayerNetwork network, INDArray features, INDArray labels) {
        network.setInput(features);
        network.setLabels(labels);
        network.computeGradientAndScore();
        double[] gradient = network.gradient().gradient().toDoubleVector();
        double[] result = new double[gradient.length + 1];
        result[0] = network.score();
        System.arraycopy(gradient, 0, result, 1, gradient.length);
        return result;
    }

    /** conv 3×3 (4 channels, 'same') → pool → conv 3×3 → pool → softmax over 3 classes, fixed seed. */
    private static MultiLayerNetwork network(DataType dataType) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7).dataType(dataType)
                .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list();
        for (int layer = 0; layer < 2; layer++) {
            // no fallback: a helper that fails throws instead of handing over to DL4J's own path unseen
            list.layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).cudnnAllowFallback(false)
                    .build());
            list.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .build());
        list.setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1));
        MultiLayerNetwork network = new MultiLayerNetwork(list.build());
        network.init();
        return network;
    }
}
