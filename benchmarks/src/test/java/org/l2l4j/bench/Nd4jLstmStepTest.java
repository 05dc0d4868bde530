package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmState;
import org.l2l4j.lstm.LstmWeights;

class Nd4jLstmStepTest {

    /**
     * The nd4j-ops baseline computes the same step as our kernel: same updates and states over two
     * consecutive steps (the second checks the alternating buffers and the copy of h into the upper
     * layer's input), from a random state, with gradients on both sides of the preprocessing threshold.
     * Tolerance 2e-5 absolute: float32 sums in a different order and float32 log/tanh vs Java's double
     * ones differ by a few ulps of values of order 1 (updates are of order 0.1).
     */
    @Test
    void forwardStepMatchesOurKernel() {
        int n = 1000;
        LstmConfig config = LstmConfig.defaults();
        LstmWeights weights = LstmWeights.initial(config, 3);
        RandomInputs random = new RandomInputs(4);
        float[] gradient = random.gradients(n);
        LstmState in = LstmState.zeros(config, n);
        random.fill(in, 0.5);
        LstmState out = LstmState.zeros(config, n);
        float[] update = new float[n];
        try (LstmKernel kernel = LstmKernel.create(1); Nd4jLstmStep nd4j = new Nd4jLstmStep(weights, gradient, n, "nd4j=1")) {
            for (int l = 0; l < config.layers(); l++) {
                nd4j.setState(l, in.h(l), in.c(l));
            }
            for (int step = 0; step < 2; step++) {
                kernel.forward(weights, gradient, in, out, update, null);
                nd4j.run();
                assertClose(update, nd4j.update(), "update, step " + step);
                for (int l = 0; l < config.layers(); l++) {
                    assertClose(out.h(l), nd4j.h(l), "h of layer " + l + ", step " + step);
                }
                LstmState swap = in;
                in = out;
                out = swap;
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5, what + " at " + i);
        }
    }
}
