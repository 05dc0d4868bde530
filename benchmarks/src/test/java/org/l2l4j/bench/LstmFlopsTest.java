package org.l2l4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.Preprocessing;

class LstmFlopsTest {

    /**
     * Counted by hand for the paper's optimizer: forward 80·22 + 80·40 + 20 = 4,980 multiply-adds;
     * backward 4,980 (weight gradients) + 2·1,600 (incoming h) + 1,600 (layer-1 input) + 20 (h_top) = 9,800.
     */
    @Test
    void paperOptimizerCounts() {
        LstmConfig paper = LstmConfig.defaults();
        assertEquals(9_960, LstmFlops.forward(paper));
        assertEquals(19_600, LstmFlops.backward(paper));
        assertEquals(29_560, LstmFlops.forwardBackward(paper));
    }

    /** One layer on the raw gradient: no upper-layer input gradient; forward 80·21 + 20 = 1,700 multiply-adds. */
    @Test
    void oneLayerRawGradientCounts() {
        LstmConfig raw = new LstmConfig(1, 20, Preprocessing.raw(), 1.0);
        assertEquals(3_400, LstmFlops.forward(raw));
        assertEquals(2 * (1_700 + 1_600 + 20), LstmFlops.backward(raw));
    }
}
