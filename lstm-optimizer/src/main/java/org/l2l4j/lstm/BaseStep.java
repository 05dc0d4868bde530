package org.l2l4j.lstm;

/**
 * A hand-made step the LSTM's output is added to: Nesterov momentum with DL4J's {@code Nesterovs}
 * formula, b ← μb + g, u<sub>base</sub> = −lr·(g + μb), so the optimizer's update is
 * u = u<sub>LSTM</sub> + u<sub>base</sub> and the LSTM learns a correction to a tuned rule rather than
 * the whole rule. The trace b is per-coordinate state carried in {@link LstmState}; it depends on the
 * gradients only, so the first-order meta-gradient (gradients are constants) is the same with or
 * without a base step. {@link #NONE} (lr = 0) is the paper's optimizer.
 *
 * @param learningRate lr ≥ 0; 0 means no base step
 * @param momentum     μ in [0, 1); must be 0 when lr is 0
 */
public record BaseStep(double learningRate, double momentum) {

    /** No base step: the update is the LSTM's output alone. */
    public static final BaseStep NONE = new BaseStep(0, 0);

    public BaseStep {
        if (!(learningRate >= 0 && (float) learningRate < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("base step learning rate must be finite and >= 0 (0 = none), got "
                    + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("base step momentum must be in [0, 1), got " + momentum);
        }
        if (learningRate == 0 && momentum != 0) {
            throw new IllegalArgumentException("a base step with learning rate 0 is none; its momentum must be 0, got "
                    + momentum);
        }
    }

    /** Nesterov momentum with learning rate {@code learningRate} > 0 and momentum μ. */
    public static BaseStep nesterov(double learningRate, double momentum) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("a Nesterov base step needs a learning rate > 0, got " + learningRate);
        }
        return new BaseStep(learningRate, momentum);
    }

    /** Whether there is a base step. */
    public boolean active() {
        return learningRate > 0;
    }

    /** Floats of state per coordinate: the trace b if active, else none. */
    public int stateFloats() {
        return active() ? 1 : 0;
    }

    /**
     * Adds the base step to {@code update} for every coordinate and writes the new traces into
     * {@code traceOut} (which may be {@code traceIn}): the float operations the float64 reference
     * states, in float32.
     */
    void addTo(float[] gradient, float[] traceIn, float[] traceOut, float[] update) {
        float lr = (float) learningRate;
        float mu = (float) momentum;
        for (int i = 0; i < gradient.length; i++) {
            float g = gradient[i];
            float b = mu * traceIn[i] + g;
            traceOut[i] = b;
            update[i] -= lr * (g + mu * b);
        }
    }
}
