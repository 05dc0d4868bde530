package org.l2l4j.optimizee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class SinusoidNetworkTest {

    private static final SinusoidNetwork NETWORK = new SinusoidNetwork(6);

    private static double[][] points(SplittableRandom random, int count) {
        double[] x = new double[count];
        double[] y = new double[count];
        for (int k = 0; k < count; k++) {
            x[k] = 10 * random.nextDouble() - 5;
            y[k] = 3 * Math.sin(x[k] - 1);
        }
        return new double[][] {x, y};
    }

    /**
     * The hand-written backward against float64 central differences with h = 1e-6. ReLU kinks are where a
     * difference and the gradient disagree; a point lands within h of one with probability ~1e-6, so the
     * tolerance only covers truncation (~h²) and rounding (~1e-16/h), both far below 1e-6 relative.
     */
    @Test
    void gradientMatchesCentralDifferencesInFloat64() {
        SplittableRandom random = new SplittableRandom(3);
        double[] theta = NETWORK.initialParameters(random);
        double[][] data = points(random, 7);
        double[] analytic = new double[theta.length];
        NETWORK.lossAndGradient(theta, data[0], data[1], analytic);
        double h = 1e-6;
        double diff = 0;
        double norm = 0;
        for (int j = 0; j < theta.length; j++) {
            double keep = theta[j];
            theta[j] = keep + h;
            double up = NETWORK.lossAndGradient(theta, data[0], data[1], null);
            theta[j] = keep - h;
            double down = NETWORK.lossAndGradient(theta, data[0], data[1], null);
            theta[j] = keep;
            double numeric = (up - down) / (2 * h);
            diff += (numeric - analytic[j]) * (numeric - analytic[j]);
            norm += numeric * numeric;
        }
        assertTrue(norm > 0, "a gradient that is all zero proves nothing");
        assertTrue(Math.sqrt(diff / norm) < 1e-6, "relative error " + Math.sqrt(diff / norm));
    }

    /** θ in DL4J's params() order: the same θ in a DL4J 1-H-H-1 network gives the same mean squared error. */
    @Test
    void parametersAreInTheOrderOfTheSameDl4jNetwork() {
        SplittableRandom random = new SplittableRandom(5);
        double[] theta = NETWORK.initialParameters(random);
        double[][] data = points(random, 9);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(1).nOut(6).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(6).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(NETWORK.parameterCount(), net.numParams());
        assertEquals(NETWORK.parameterLayout(), net.paramTable().entrySet().stream()
                .map(e -> e.getKey() + ":" + java.util.Arrays.stream(e.getValue().shape()).mapToObj(Long::toString)
                        .collect(java.util.stream.Collectors.joining("x"))).toList());
        net.setParams(Nd4j.create(theta, new long[] {1, theta.length}, DataType.DOUBLE));
        INDArray out = net.output(Nd4j.create(data[0], new long[] {data[0].length, 1}, DataType.DOUBLE));
        double mse = 0;
        for (int k = 0; k < data[0].length; k++) {
            double r = out.getDouble(k, 0) - data[1][k];
            mse += r * r / data[0].length;
        }
        assertEquals(mse, NETWORK.lossAndGradient(theta, data[0], data[1], null), 1e-12 * Math.max(1, mse));
    }
}
