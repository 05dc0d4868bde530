package org.l2l4j.meta.train;

import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.ReferenceLstm;

/**
 * The float64 meta-loss of one unroll with nothing frozen: each step's gradient is computed at the θ
 * that φ reaches, on that step's minibatch. This is the L the FULL meta-gradient differentiates; its
 * central differences over φ check it.
 */
final class LiveUnroll {

    /** f(θ; B<sub>step</sub>) and its gradient, in float64. */
    interface Float64Task {
        double lossAndGradient(int step, double[] theta, double[] gradient);
    }

    private LiveUnroll() {}

    /** L(φ) = Σ<sub>t=1..unroll</sub> term(f(θ<sub>t</sub>; B<sub>t</sub>)), from θ<sub>0</sub> = {@code theta0}. */
    static double metaLoss(LstmConfig config, double[] weights, Float64Task f, double[] theta0, int unroll,
            MetaObjective objective) {
        ReferenceLstm lstm = new ReferenceLstm(config, weights);
        int n = theta0.length;
        double[] theta = theta0.clone();
        double[] gradient = new double[n];
        f.lossAndGradient(0, theta, gradient);
        ReferenceLstm.State[] state = zeros(config, n);
        double loss = 0;
        for (int t = 0; t < unroll; t++) {
            for (int i = 0; i < n; i++) {
                ReferenceLstm.Step step = lstm.forward(gradient[i], state[i]);
                theta[i] += step.update();
                state[i] = step.out();
            }
            loss += objective.term(f.lossAndGradient(t + 1, theta, gradient));
        }
        return loss;
    }

    /** A zero LSTM state for each of {@code n} coordinates. */
    static ReferenceLstm.State[] zeros(LstmConfig config, int n) {
        ReferenceLstm.State[] states = new ReferenceLstm.State[n];
        for (int i = 0; i < n; i++) {
            states[i] = ReferenceLstm.State.zeros(config);
        }
        return states;
    }
}
