package org.l2l4j.bench;

import org.l2l4j.lstm.LstmConfig;

/**
 * Floating-point operations of one coordinate-wise LSTM step, per coordinate, counting 2 per
 * multiply-add of the gate matmuls and the output layer only (element-wise work, the nonlinearities and
 * the preprocessing are not counted). With H hidden units and in<sub>l</sub> inputs to layer l:
 *
 * <pre>
 * forward  = 2 · ( Σ_l 4H·(in_l + H)  +  H )                      gates, output layer
 * backward = 2 · ( Σ_l 4H·(in_l + H)  +  H                        dL/dW of the gates, of the output layer
 *                + Σ_l 4H·H                                       dL/dh of the incoming state
 *                + Σ_{l≥1} 4H·in_l                                dL/d input of the upper layers
 *                + H )                                            dL/dh_top from the output layer
 * </pre>
 *
 * For the paper's optimizer (2 layers of 20, 2 inputs): forward 9,960 and forward + backward 29,560
 * flops per coordinate.
 */
final class LstmFlops {

    private LstmFlops() {
    }

    static double forward(LstmConfig c) {
        long macs = c.hidden();
        for (int l = 0; l < c.layers(); l++) {
            macs += 4L * c.hidden() * (c.inputs(l) + c.hidden());
        }
        return 2.0 * macs;
    }

    static double backward(LstmConfig c) {
        long macs = 2L * c.hidden();
        for (int l = 0; l < c.layers(); l++) {
            int h4 = 4 * c.hidden();
            macs += (long) h4 * (c.inputs(l) + c.hidden()) + (long) h4 * c.hidden();
            if (l > 0) {
                macs += (long) h4 * c.inputs(l);
            }
        }
        return 2.0 * macs;
    }

    static double forwardBackward(LstmConfig c) {
        return forward(c) + backward(c);
    }
}
