package org.l2l4j.meta.train;

import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizer;

/**
 * Meta-SGD's update rule (Li et al. 2017) as a {@link LearnedOptimizer}: u = −α ⊙ g with φ = α, one
 * learning rate per optimizee coordinate, and no state. A second learned optimizer, unlike the LSTM in
 * every way the estimator could depend on: φ's length is the optimizee's n, the state is empty.
 */
final class PerParameterLearningRates implements LearnedOptimizer<float[], float[]> {

    private static final float[] NOTHING = new float[0];

    @Override
    public int parameterCount(int n) {
        return n;
    }

    @Override
    public Optimizer<float[]> optimizer(float[] phi) {
        float[] alpha = phi.clone();
        PerParameterLearningRates rule = this;
        return new Optimizer<>() {
            @Override
            public String name() {
                return "meta-sgd";
            }

            @Override
            public float[] init(int n) {
                return NOTHING;
            }

            @Override
            public void update(float[] gradient, float[] state, float[] update) {
                rule.forward(alpha, gradient, state, state, update, null);
            }
        };
    }

    @Override
    public float[] newState(int n) {
        return NOTHING;
    }

    @Override
    public void copyState(float[] from, float[] to) {
    }

    @Override
    public void clearState(float[] state) {
    }

    @Override
    public long stateBytes(int n) {
        return 0;
    }

    @Override
    public float[] newActivations(int n) {
        return NOTHING;
    }

    @Override
    public long activationBytes(int n) {
        return 0;
    }

    @Override
    public void forward(float[] phi, float[] gradient, float[] in, float[] out, float[] update, float[] actsOrNull) {
        for (int i = 0; i < gradient.length; i++) {
            update[i] = -phi[i] * gradient[i];
        }
    }

    @Override
    public void backward(float[] phi, float[] acts, float[] gradient, float[] dUpdate, float[] dOut, float[] dIn,
                         float[] dPhi, float[] dGradientOrNull) {
        for (int i = 0; i < gradient.length; i++) {
            dPhi[i] -= gradient[i] * dUpdate[i];
            if (dGradientOrNull != null) {
                dGradientOrNull[i] = -phi[i] * dUpdate[i];
            }
        }
    }
}
