package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/** {@link BaseStep} is DL4J's {@code Nesterovs}, checked here where DL4J is on the classpath. */
class BaseStepMatchesDl4jTest {

    /**
     * With all weights 0 the LSTM adds exactly 0, so the optimizer is its base step alone, which must be
     * DL4J's {@code Nesterovs}: 30 steps of 500 coordinates at scales 1e-6..10 with a persistent mean. DL4J
     * keeps v = −lr·b and forms μ·v<sub>t−1</sub> − (1+μ)·v<sub>t</sub>; we form −lr·(g + μb): the same value
     * with different roundings, a few float32 ulps of the trace's summed magnitudes lr·Σ μ<sup>k</sup>|g|.
     */
    @Test
    void withZeroWeightsTheUpdateIsTheBaseStepAndEqualsDl4jNesterovs() {
        double lr = 0.3;
        double momentum = 0.9;
        LstmConfig config = LstmConfig.defaults().withBase(BaseStep.nesterov(lr, momentum));
        int n = 500;
        LstmOptimizer optimizer = new LstmOptimizer(LstmWeights.of(config, new float[config.parameterCount()]),
                Kernels.plain(1));
        LstmOptimizer.State state = optimizer.init(n);
        Nesterovs nesterovs = new Nesterovs(lr, momentum);
        GradientUpdater<?> dl4j = nesterovs.instantiate(
                Nd4j.zeros(DataType.FLOAT, 1, nesterovs.stateSize(n)), true);
        SplittableRandom random = new SplittableRandom(7);
        double[] scale = new double[n];
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.pow(10, random.nextDouble(-6, 1));
            mean[i] = random.nextGaussian();
        }
        double[] magnitudes = new double[n];
        float[] gradient = new float[n];
        float[] update = new float[n];
        for (int t = 0; t < 30; t++) {
            for (int i = 0; i < n; i++) {
                gradient[i] = (float) (scale[i] * (mean[i] + random.nextGaussian()));
                magnitudes[i] = momentum * magnitudes[i] + Math.abs(gradient[i]);
            }
            optimizer.update(gradient, state, update);
            INDArray theirs = Nd4j.createFromArray(gradient.clone());
            dl4j.applyUpdater(theirs, t, 0);
            float[] dl4jUpdate = theirs.toFloatVector();
            for (int i = 0; i < n; i++) {
                assertEquals(-dl4jUpdate[i], update[i], 1e-6 * lr * magnitudes[i], "step " + t + " coordinate " + i);
            }
        }
    }
}
