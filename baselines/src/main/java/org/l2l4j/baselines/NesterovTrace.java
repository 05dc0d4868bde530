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
 *
 * @param momentum μ in [0, 1)
 */
public record NesterovTrace(float momentum) implements Transform<float[]> {

    public NesterovTrace {
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
        apply(in, trace, trace, out);
    }

    /**
     * The stage on a trace the caller owns: reads b from {@code traceIn}, writes the new b into
     * {@code traceOut} (which may be {@code traceIn}) and g + μ·b into {@code out} (which may be {@code in}).
     */
    public void apply(float[] in, float[] traceIn, float[] traceOut, float[] out) {
        for (int i = 0; i < in.length; i++) {
            float g = in[i];
            float b = momentum * traceIn[i] + g;
            traceOut[i] = b;
            out[i] = g + momentum * b;
        }
    }

    @Override
    public Map<String, float[]> arrays(float[] trace) {
        return Map.of("trace", trace);
    }

    /**
     * The backward of {@link #apply(float[], float[], float[], float[])}, whose out = (1 + μ)·g + μ²·b<sub>in</sub>
     * and b<sub>out</sub> = μ·b<sub>in</sub> + g: from dL/dout ({@code dOut}) and dL/db<sub>out</sub>
     * ({@code dTraceOut}) adds dL/dg = (1 + μ)·dL/dout + dL/db<sub>out</sub> to {@code dIn} and writes
     * dL/db<sub>in</sub> = μ²·dL/dout + μ·dL/db<sub>out</sub> into {@code dTraceIn} (which may be
     * {@code dTraceOut}).
     */
    public void backward(float[] dOut, float[] dTraceOut, float[] dTraceIn, float[] dIn) {
        float mu = momentum;
        for (int i = 0; i < dOut.length; i++) {
            float d = dOut[i];
            float db = dTraceOut[i];
            dIn[i] += db + (1 + mu) * d;
            dTraceIn[i] = mu * db + mu * mu * d;
        }
    }
}
