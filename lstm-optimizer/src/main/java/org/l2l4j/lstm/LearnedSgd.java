package org.l2l4j.lstm;

import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizer;

/**
 * Gradient descent as a {@link LearnedOptimizer}, u = −α ⊙ g, with no state. Meta-SGD (Li et al. 2017)
 * learns α, one learning rate per optimizee coordinate (φ = α, n entries); MAML, first-order MAML and
 * Reptile adapt with one fixed α (φ empty), so that only their θ<sub>0</sub> is learned.
 */
public final class LearnedSgd implements LearnedOptimizer<float[], float[]> {

    private static final float[] NOTHING = new float[0];

    /** The fixed rate as given, for reports; NaN when φ holds the rates. */
    private final double learningRate;
    /** {@link #learningRate} in float32, as the step computes with it. */
    private final float fixedRate;

    private LearnedSgd(double learningRate) {
        this.learningRate = learningRate;
        this.fixedRate = (float) learningRate;
    }

    /** Meta-SGD: φ is the vector of per-parameter learning rates. */
    public static LearnedSgd perParameter() {
        return new LearnedSgd(Double.NaN);
    }

    /** Plain SGD at {@code learningRate} > 0, nothing learned in the rule (φ empty). */
    public static LearnedSgd fixed(double learningRate) {
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("SGD's learning rate must be finite and > 0, got " + learningRate);
        }
        return new LearnedSgd(learningRate);
    }

    private boolean learnsRates() {
        return Float.isNaN(fixedRate);
    }

    @Override
    public int parameterCount(int n) {
        return learnsRates() ? n : 0;
    }

    @Override
    public Optimizer<float[]> optimizer(float[] phi) {
        float[] rates = phi.clone();
        LearnedSgd rule = this;
        return new Optimizer<>() {
            @Override
            public String name() {
                return rule.learnsRates() ? "meta-sgd" : "sgd";
            }

            @Override
            public Double learningRate() {
                return rule.learnsRates() ? null : rule.learningRate;
            }

            @Override
            public float[] init(int n) {
                return NOTHING;
            }

            @Override
            public void update(float[] gradient, float[] state, float[] update) {
                rule.forward(rates, gradient, state, state, update, null);
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
        boolean learned = learnsRates();
        for (int i = 0; i < gradient.length; i++) {
            update[i] = -(learned ? phi[i] : fixedRate) * gradient[i];
        }
    }

    /** ∂L/∂α<sub>i</sub> = −g<sub>i</sub>·∂L/∂u<sub>i</sub> (learned rates only); ∂L/∂g<sub>i</sub> = −α<sub>i</sub>·∂L/∂u<sub>i</sub>. */
    @Override
    public void backward(float[] phi, float[] acts, float[] gradient, float[] dUpdate, float[] dOut, float[] dIn,
                         float[] dPhi, float[] dGradientOrNull) {
        boolean learned = learnsRates();
        for (int i = 0; i < gradient.length; i++) {
            float rate = learned ? phi[i] : fixedRate;
            if (learned) {
                dPhi[i] -= gradient[i] * dUpdate[i];
            }
            if (dGradientOrNull != null) {
                dGradientOrNull[i] = -rate * dUpdate[i];
            }
        }
    }
}
