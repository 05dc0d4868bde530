package org.l2l4j.lstm;

/** {@link Preprocessing} as float constants, applied to one gradient coordinate at a time. */
final class InputFeatures {

    final boolean logSign;
    /** e<sup>−p</sup>: below it the gradient is passed on linearly. */
    final float threshold;
    final float inverseP;
    final float expP;
    /** Infinity when there is no clamp. */
    final float clamp;

    InputFeatures(Preprocessing pre) {
        logSign = pre.kind() == Preprocessing.Kind.LOG_SIGN;
        threshold = logSign ? (float) Math.exp(-pre.p()) : 0f;
        inverseP = logSign ? (float) (1 / pre.p()) : 0f;
        expP = logSign ? (float) Math.exp(pre.p()) : 0f;
        clamp = pre.clamp() > 0 ? (float) pre.clamp() : Float.POSITIVE_INFINITY;
    }

    /** Writes the features of gradient coordinate {@code g} into x[0], and x[1] for LOG_SIGN. */
    void compute(float g, float[] x) {
        if (!logSign) {
            x[0] = clamp(g);
            return;
        }
        float a = Math.abs(g);
        if (a >= threshold) {
            x[0] = clamp((float) Math.log(a) * inverseP);
            x[1] = clamp(Math.signum(g));
        } else {
            x[0] = clamp(-1f);
            x[1] = clamp(expP * g);
        }
    }

    private float clamp(float x) {
        return Math.max(-clamp, Math.min(clamp, x));
    }
}
