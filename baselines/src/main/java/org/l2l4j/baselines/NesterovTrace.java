package org.l2l4j.baselines;

import java.util.Map;

/**
 * Momentum with Nesterov's look-ahead (optax's {@code trace(decay, nesterov=True)}): the trace
 * b ← μ·b + g, out = g + μ·b, with b = 0 at the start.
 *
 * <p>Followed by {@link Scale#byLearningRate}, this is DL4J's {@code Nesterovs} updater at a constant
 * learning rate: DL4J keeps v = −lr·b and steps by (1 + μ)·v<sub>t</sub> − μ·v<sub>t−1</sub>
 * = μ·v<sub>t</sub> − lr·g = −lr·(g + μ·b<sub>t</sub>). It is also PyTorch's
 * {@code SGD(momentum=μ, nesterov=True)}.
 */
record NesterovTrace(float momentum) implements Transform<float[]> {

    NesterovTrace {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
    }

    @Override
    public float[] init(int n) {
        return new float[n];
    }

    @Override
    public void apply(float[] in, float[] trace, float[] out) {
        for (int i = 0; i < in.length; i++) {
            float g = in[i];
            float b = momentum * trace[i] + g;
            trace[i] = b;
            out[i] = g + momentum * b;
        }
    }

    @Override
    public Map<String, float[]> arrays(float[] trace) {
        return Map.of("trace", trace);
    }
}
