package org.l2l4j.baselines;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam's direction (Kingma and Ba 2015) with DL4J's placement of ε and of the bias correction: the
 * {@link AdamMoments} m and v, then at step t = 1, 2, … out = c<sub>t</sub>·m / (√v + ε) with
 * c<sub>t</sub> = √(1 − β₂<sup>t</sup>) / (1 − β₁<sup>t</sup>).
 *
 * <p>ε is added to √v, not to the bias-corrected √v̂ as in PyTorch's {@code Adam}: the two agree once
 * √v ≫ ε. c<sub>t</sub> is computed in double once per step, so every coordinate sees the same factor.
 */
public record ScaleByAdam(AdamMoments moments, float epsilon) implements Transform<ScaleByAdam.Moments> {

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

    public ScaleByAdam {
        if (!(epsilon > 0 && Float.isFinite(epsilon))) {
            throw new IllegalArgumentException("adam epsilon must be finite and > 0, got " + epsilon);
        }
    }

    /** Adam's direction with float decays β₁, β₂ and ε. */
    public ScaleByAdam(float beta1, float beta2, float epsilon) {
        this(new AdamMoments(beta1, beta2), epsilon);
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
    public void apply(float[] in, float[] m, float[] v, int t, float[] out) {
        float correction = (float) (Math.sqrt(moments.squareBias(t)) / moments.meanBias(t));
        float decay2 = moments.squareDecay();
        float weight2 = moments.squareWeight();
        for (int i = 0; i < in.length; i++) {
            float g = in[i];
            float mi = moments.mean(m[i], g);
            // ((1 − β₂)·g)·g, not AdamMoments' (1 − β₂)·(g·g): the rounding differs, and the meta-training
            // runs that ReferenceRunsTest pins took their Adam steps with this grouping
            float vi = decay2 * v[i] + weight2 * g * g;
            m[i] = mi;
            v[i] = vi;
            out[i] = correction * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    /**
     * The backward of {@link #apply(float[], float[], float[], int, float[])} at step {@code t}, whose out =
     * c<sub>t</sub>·m′/(√v′ + ε) with m′ = β₁·m + (1 − β₁)·g and v′ = β₂·v + (1 − β₂)·g², from the step's
     * gradient {@code in} and the moments m′, v′ it wrote. On entry {@code dMean} and {@code dMeanSquare} hold
     * dL/dm′ and dL/dv′ (from the later steps), on return dL/dm and dL/dv of the incoming moments; dL/dg is
     * added to {@code dIn}. Where v′ = 0 (no gradient so far) out does not depend on v′.
     */
    public void backward(float[] in, float[] meanOut, float[] meanSquareOut, int t, float[] dOut, float[] dMean,
                         float[] dMeanSquare, float[] dIn) {
        float correction = (float) (Math.sqrt(moments.squareBias(t)) / moments.meanBias(t));
        float decay1 = moments.meanDecay();
        float weight1 = moments.meanWeight();
        float decay2 = moments.squareDecay();
        float weight2 = moments.squareWeight();
        for (int i = 0; i < in.length; i++) {
            float root = (float) Math.sqrt(meanSquareOut[i]);
            float denominator = root + epsilon;
            float d = dOut[i] * correction / denominator;
            float dm = dMean[i] + d;
            // ∂out/∂v′ = −c·m′ / (√v′ + ε)² / (2√v′)
            float dv = dMeanSquare[i] + (root > 0 ? -d * meanOut[i] / denominator / (2 * root) : 0f);
            dIn[i] += weight1 * dm + 2 * weight2 * in[i] * dv;
            dMean[i] = decay1 * dm;
            dMeanSquare[i] = decay2 * dv;
        }
    }
}
