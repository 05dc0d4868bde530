package org.l2l4j.meta.train;

import org.l2l4j.core.Optimizee;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmState;

/**
 * One optimizee's training run under the learned optimizer, cut into unrolls. Holds what carries over
 * between unrolls, detached: θ<sub>t</sub>, the gradient ∇<sub>t</sub> already computed at θ<sub>t</sub>
 * (the next unroll's first input, so no gradient is computed twice), and the LSTM state. Only it draws
 * from its optimizee, one minibatch per gradient, so ∇<sub>t</sub> came from the optimizee's call number t.
 */
final class TruncatedTrajectory {

    final Optimizee optimizee;
    final float[] theta;
    final float[] gradient;
    LstmState state;
    private final int length;
    private int step;

    /** Starts at θ<sub>0</sub> with ∇<sub>0</sub> = ∇f(θ<sub>0</sub>; B<sub>0</sub>), an input only, and a zero state. */
    TruncatedTrajectory(Optimizee optimizee, LstmConfig config, int length) {
        this.optimizee = optimizee;
        this.theta = optimizee.initialParameters();
        this.gradient = new float[theta.length];
        optimizee.lossAndGradient(theta, gradient);
        this.state = LstmState.zeros(config, theta.length);
        this.length = length;
    }

    int dimension() {
        return theta.length;
    }

    /** Steps taken so far. */
    int step() {
        return step;
    }

    /** Steps left before the trajectory ends. */
    int remaining() {
        return length - step;
    }

    void advance(int steps) {
        step += steps;
    }
}
