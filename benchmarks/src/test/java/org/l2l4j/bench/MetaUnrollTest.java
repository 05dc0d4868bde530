package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.l2l4j.core.Problem;
import org.l2l4j.lstm.LstmKernel;
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
                MetaUnroll unroll = new MetaUnroll("unroll_mnist", mnist, n, 4, segments[s], kernel, "kernel=1", 1);
                unroll.beforeRun();
                unroll.run();
                counted[s] = unroll.peakBytes().orElseThrow();
                assertEquals(MetaUnroll.plannedPeakBytes(n, 4, segments[s]), counted[s], "segment " + segments[s]);
            }
        }
        assertTrue(counted[1] < counted[0], "checkpointed " + counted[1] + " vs store-all " + counted[0]);
    }
}
