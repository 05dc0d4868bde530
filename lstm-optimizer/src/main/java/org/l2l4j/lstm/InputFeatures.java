package org.l2l4j.lstm;

/**
 * {@link Preprocessing} as float constants, applied to one gradient coordinate at a time; for
 * ADAM_NORMALISED also the bias corrections of the step being computed, set by {@link #startStep}.
 */
final class InputFeatures {

    final Preprocessing.Kind kind;
    /** e<sup>−p</sup>: below it the gradient is passed on linearly. */
    final float threshold;
    final float inverseP;
    final float expP;
    /** Adam's decays β and their complements 1 − β (rounded from float64), and ε. */
    final float beta1;
    final float oneMinusBeta1;
    final float beta2;
    final float oneMinusBeta2;
    final float epsilon;
    /** Infinity when there is no clamp. */
    final float clamp;
    private final double beta1Double;
    private final double beta2Double;
    /** 1/(1 − β1<sup>t</sup>) and 1/(1 − β2<sup>t</sup>) of the current step t. */
    float meanCorrection;
    float squareCorrection;

    InputFeatures(Preprocessing pre) {
        kind = pre.kind();
        boolean logSign = kind == Preprocessing.Kind.LOG_SIGN;
        threshold = logSign ? (float) Math.exp(-pre.p()) : 0f;
        inverseP = logSign ? (float) (1 / pre.p()) : 0f;
        expP = logSign ? (float) Math.exp(pre.p()) : 0f;
        beta1Double = pre.beta1();
        beta2Double = pre.beta2();
        beta1 = (float) pre.beta1();
        oneMinusBeta1 = (float) (1 - pre.beta1());
        beta2 = (float) pre.beta2();
        oneMinusBeta2 = (float) (1 - pre.beta2());
        epsilon = (float) pre.epsilon();
        clamp = pre.clamp() > 0 ? (float) pre.clamp() : Float.POSITIVE_INFINITY;
    }

    /** Sets the bias corrections for step {@code t} ≥ 1 (the count of the outgoing state); call before the parts run. */
    void startStep(int t) {
        meanCorrection = (float) (1 / (1 - Math.pow(beta1Double, t)));
        squareCorrection = (float) (1 / (1 - Math.pow(beta2Double, t)));
    }

    /**
     * Writes the features of coordinate i of {@code gradient} into x[0] and, unless RAW, x[1]; for
     * ADAM_NORMALISED also coordinate i's moments of {@code out}, from those of {@code in}.
     */
    void compute(float[] gradient, int i, LstmState in, LstmState out, float[] x) {
        float g = gradient[i];
        switch (kind) {
            case RAW -> x[0] = clamp(g);
            case LOG_SIGN -> {
                float a = Math.abs(g);
                if (a >= threshold) {
                    x[0] = clamp((float) Math.log(a) * inverseP);
                    x[1] = clamp(Math.signum(g));
                } else {
                    x[0] = clamp(-1f);
                    x[1] = clamp(expP * g);
                }
            }
            case ADAM_NORMALISED -> {
                // the Vector API kernel does the same float operations in the same order: same bits
                float m = beta1 * in.gradientMean()[i] + oneMinusBeta1 * g;
                float v = beta2 * in.gradientMeanSquare()[i] + oneMinusBeta2 * (g * g);
                out.gradientMean()[i] = m;
                out.gradientMeanSquare()[i] = v;
                float denominator = (float) Math.sqrt(v * squareCorrection) + epsilon;
                x[0] = clamp(m * meanCorrection / denominator);
                x[1] = clamp(g / denominator);
            }
        }
    }

    /**
     * dL/dg of coordinate i from dL/dx [inputs × n, unit-major], for LOG_SIGN and RAW: log|g|/p has
     * derivative 1/(p·g), e<sup>p</sup>·g has e<sup>p</sup>, sign g and a feature the clamp holds have 0.
     */
    float gradientThroughFeatures(float g, float[] dFeatures, int i, int n) {
        return switch (kind) {
            case RAW -> Math.abs(g) <= clamp ? dFeatures[i] : 0f;
            case LOG_SIGN -> {
                float a = Math.abs(g);
                if (a >= threshold) {
                    float x = (float) Math.log(a) * inverseP;
                    yield Math.abs(x) <= clamp ? dFeatures[i] * inverseP / g : 0f;
                }
                yield Math.abs(expP * g) <= clamp ? dFeatures[n + i] * expP : 0f;
            }
            case ADAM_NORMALISED -> throw new UnsupportedOperationException("ADAM_NORMALISED features are not"
                    + " differentiated with respect to the gradient");
        };
    }

    private float clamp(float x) {
        return Math.max(-clamp, Math.min(clamp, x));
    }
}
