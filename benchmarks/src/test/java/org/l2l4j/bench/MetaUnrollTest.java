package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.meta.train.MetaGradient;
import org.l2l4j.optimizee.Problems;

class MetaUnrollTest {

    /**
     * On the real MNIST problem, the bytes a run counts equal the planned bytes that the K = 100, n = 10⁶
     * rows report without allocating, for both schemes; and checkpointing holds fewer.
     */
    @Test
    void countedPeakBytesEqualThePlannedOnes() {
        Problem mnist = Problems.parse("mnist");
        int n = mnist.sample(0).dimension();
        long[] counted = new long[2];
        int[] segments = {0, 2};
        try (LstmKernel kernel = LstmKernel.create(1)) {
            for (int s = 0; s < 2; s++) {
                MetaUnroll unroll = new MetaUnroll("unroll_mnist", mnist, n, 4, segments[s], MetaGradient.FIRST_ORDER,
                        kernel, "kernel=1", 1);
                unroll.beforeRun();
                unroll.run();
                counted[s] = unroll.peakBytes().orElseThrow();
                assertEquals(MetaUnroll.plannedPeakBytes(n, 4, segments[s]), counted[s], "segment " + segments[s]);
            }
        }
        assertTrue(counted[1] < counted[0], "checkpointed " + counted[1] + " vs store-all " + counted[0]);
    }

    /**
     * The full meta-gradient's unroll on the MNIST MLP, whose minibatches it evaluates again: it runs, and
     * holds K + 5 vectors of n floats more than the first-order one (θ's rows, ∂L/∂∇ and the Hessian
     * products' two points and two gradients).
     */
    @Test
    void theFullUnrollRunsOnMnistAndHoldsItsExtraVectors() {
        Problem mnist = Problems.parse("mnist");
        int n = mnist.sample(0).dimension();
        long[] counted = new long[2];
        MetaGradient[] kinds = {MetaGradient.FIRST_ORDER, MetaGradient.FULL};
        try (LstmKernel kernel = LstmKernel.create(1)) {
            for (int k = 0; k < 2; k++) {
                MetaUnroll unroll = new MetaUnroll("unroll_mnist", mnist, n, 4, 0, kinds[k], kernel, "kernel=1", 1);
                unroll.beforeRun();
                unroll.run();
                counted[k] = unroll.peakBytes().orElseThrow();
            }
        }
        assertEquals((4 + 5L) * n * Float.BYTES, counted[1] - counted[0]);
    }

    /**
     * The share of an unroll's time in the optimizee's loss-and-gradient calls counts the timed runs only:
     * none before the first run after {@link MetaUnroll#startTimedRuns}, a fraction of the time after it.
     */
    @Test
    void theOptimizeesShareCountsTheTimedRunsOnly() {
        Problem cnn = Problems.parse("cnn:channels=2,layers=1,batch=4");
        try (LstmKernel kernel = LstmKernel.create(1)) {
            MetaUnroll unroll = new MetaUnroll("unroll_cnn", cnn, cnn.sample(0).dimension(), 3, 0, MetaGradient.FULL,
                    kernel, "kernel=1", 1);
            unroll.beforeRun();
            unroll.run();
            unroll.startTimedRuns();
            assertTrue(unroll.optimizeeShare().isEmpty(), "no timed run yet");
            unroll.beforeRun();
            unroll.run();
            double share = unroll.optimizeeShare().orElseThrow();
            assertTrue(share > 0 && share < 1, "share " + share);
        }
    }
}
