package org.l2l4j.baselines;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam's direction (Kingma and Ba 2015) with DL4J's placement of ε and of the bias correction:
 * m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², then at step t = 1, 2, …
 * out = c<sub>t</sub>·m / (√v + ε) with c<sub>t</sub> = √(1 − β₂<sup>t</sup>) / (1 − β₁<sup>t</sup>).
 *
 * <p>ε is added to √v, not to the bias-corrected √v̂ as in PyTorch's {@code Adam}: the two agree once
 * √v ≫ ε. c<sub>t</sub> is computed in double once per step, so every coordinate sees the same factor.
 */
record ScaleByAdam(float beta1, float beta2, float epsilon) implements Transform<ScaleByAdam.Moments> {

    /** First and second moments, and the number of steps taken so far. */
    static final class Moments {
        final float[] mean;
        final float[] meanSquare;
        int steps;

        Moments(int n) {
            mean = new float[n];
            meanSquare = new float[n];
        }
    }

    ScaleByAdam {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("adam beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("adam beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0 && Float.isFinite(epsilon))) {
            throw new IllegalArgumentException("adam epsilon must be finite and > 0, got " + epsilon);
        }
    }

    @Override
    public Moments init(int n) {
        return new Moments(n);
    }

    @Override
    public void apply(float[] in, Moments state, float[] out) {
        apply(in, state.mean, state.meanSquare, ++state.steps, out);
    }

    @Override
    public Map<String, float[]> arrays(Moments state) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("mean", state.mean);
        arrays.put("mean_square", state.meanSquare);
        return arrays;
    }

    @Override
    public void checkSaved(Map<String, float[]> arrays) {
        Transform.requireNonNegative(arrays, "mean_square");
    }

    @Override
    public int steps(Moments state) {
        return state.steps;
    }

    @Override
    public void setSteps(Moments state, int steps) {
        state.steps = steps;
    }

    /** The stage on moments held elsewhere: updates {@code m} and {@code v} in place for step {@code t} (1-based). */
    void apply(float[] in, float[] m, float[] v, int t, float[] out) {
        float correction = (float) (Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        for (int i = 0; i < in.length; i++) {
            float g = in[i];
            float mi = beta1 * m[i] + keep1 * g;
            float vi = beta2 * v[i] + keep2 * g * g;
            m[i] = mi;
            v[i] = vi;
            out[i] = correction * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }
}
