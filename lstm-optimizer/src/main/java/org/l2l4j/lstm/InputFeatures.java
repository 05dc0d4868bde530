package org.l2l4j.lstm;

import org.l2l4j.baselines.AdamMoments;

/**
 * {@link Preprocessing} as float constants, applied to one gradient coordinate at a time; for
 * ADAM_NORMALISED also the running moments, {@code baselines}' {@link AdamMoments} stage, and the bias
 * corrections of the step being computed, and the training-progress inputs of that step, both set by
 * {@link #startStep}.
 */
final class InputFeatures {

    final Preprocessing.Kind kind;
    /** e<sup>−p</sup>: below it the gradient is passed on linearly. */
    final float threshold;
    /** 1/p of LOG_SIGN's log|g| and of ADAM_NORMALISED's log-scale input; 0 when neither is there. */
    final float inverseP;
    /** ADAM_NORMALISED with its third input, log(√v̂ + ε)/p. */
    final boolean logScale;
    final float expP;
    /** ADAM_NORMALISED's moments; null for the other kinds. */
    private final AdamMoments moments;
    final float epsilon;
    /** Infinity when there is no clamp. */
    final float clamp;
    /** Features computed from the gradient; the training-progress inputs follow them. */
    final int gradientInputs;
    /** The training-progress inputs of the current step, clamped like every feature. */
    final float[] stepFeatures;
    /** 1/(1 − β1<sup>t</sup>) and 1/(1 − β2<sup>t</sup>) of the current step t. */
    float meanCorrection;
    float squareCorrection;
    /**
     * The decays β<sub>j</sub> of the further momenta, 1 − β<sub>j</sub> (rounded from double: in float32 the
     * difference would lose digits to cancellation), and 1/(1 − β<sub>j</sub><sup>t</sup>) of the current step t.
     */
    final float[] momentumDecays;
    final float[] momentumRates;
    final float[] momentumCorrections;
    /** Row of the first momentum input: after m̂, g and the log-scale input. */
    final int firstMomentumInput;

    InputFeatures(Preprocessing pre) {
        kind = pre.kind();
        boolean logSign = kind == Preprocessing.Kind.LOG_SIGN;
        threshold = logSign ? (float) Math.exp(-pre.p()) : 0f;
        inverseP = pre.p() > 0 ? (float) (1 / pre.p()) : 0f;
        logScale = pre.logScaleInput();
        expP = logSign ? (float) Math.exp(pre.p()) : 0f;
        moments = kind == Preprocessing.Kind.ADAM_NORMALISED ? new AdamMoments(pre.beta1(), pre.beta2()) : null;
        epsilon = (float) pre.epsilon();
        clamp = pre.clamp() > 0 ? (float) pre.clamp() : Float.POSITIVE_INFINITY;
        gradientInputs = pre.gradientInputs();
        stepFeatures = new float[pre.stepFeatures()];
        momentumDecays = new float[pre.momentumFeatures()];
        momentumRates = new float[pre.momentumFeatures()];
        for (int j = 0; j < momentumDecays.length; j++) {
            momentumDecays[j] = (float) Preprocessing.momentumDecay(j);
            momentumRates[j] = (float) (1 / Preprocessing.timescale(j));
        }
        momentumCorrections = new float[momentumDecays.length];
        firstMomentumInput = logScale ? 3 : 2;
    }

    /** Whether {@link #startStep} must run before each step's features. */
    boolean dependsOnStep() {
        return moments != null || stepFeatures.length > 0;
    }

    /**
     * Sets the bias corrections and training-progress inputs for step {@code t} ≥ 1 (the count of the outgoing
     * state); call before the parts run.
     */
    void startStep(int t) {
        if (moments != null) {
            meanCorrection = (float) (1 / moments.meanBias(t));
            squareCorrection = (float) (1 / moments.squareBias(t));
        }
        for (int j = 0; j < momentumCorrections.length; j++) {
            momentumCorrections[j] = (float) (1 / (1 - Math.pow(Preprocessing.momentumDecay(j), t)));
        }
        for (int j = 0; j < stepFeatures.length; j++) {
            stepFeatures[j] = clamp((float) Math.tanh(t / Preprocessing.timescale(j) - 1));
        }
    }

    /** A thread's copy of the moments of a range of coordinates, from its first (and of their gradients). */
    static final class Moments {
        final int coordinates;
        final float[] gradient;
        final float[] mean;
        final float[] meanSquare;
        /** The further momenta, momentum-major [k × coordinates]. */
        final float[] momenta;

        Moments(int coordinates, int momentumFeatures) {
            this.coordinates = coordinates;
            gradient = new float[coordinates];
            mean = new float[coordinates];
            meanSquare = new float[coordinates];
            momenta = new float[momentumFeatures * coordinates];
        }
    }

    /**
     * ADAM_NORMALISED: the moments of coordinates [from, to) in {@code out}, one step after those in
     * {@code in} (which may be {@code out}), and in {@code into} from its index 0. Through the heap copy
     * because the states may live in off-heap buffers.
     */
    void updateMoments(float[] gradient, LstmState in, LstmState out, int from, int to, Moments into) {
        int length = to - from;
        System.arraycopy(gradient, from, into.gradient, 0, length);
        in.gradientMeanStore().read(from, into.mean, 0, length);
        in.gradientMeanSquareStore().read(from, into.meanSquare, 0, length);
        moments.update(into.gradient, into.mean, into.meanSquare, into.mean, into.meanSquare, 0, length);
        out.gradientMeanStore().write(from, into.mean, 0, length);
        out.gradientMeanSquareStore().write(from, into.meanSquare, 0, length);
        int n = in.n();
        for (int j = 0; j < momentumDecays.length; j++) {
            float beta = momentumDecays[j];
            float rate = momentumRates[j];
            int at = j * into.coordinates;
            in.momentaStore().read(j * n + from, into.momenta, at, length);
            for (int k = 0; k < length; k++) {
                into.momenta[at + k] = beta * into.momenta[at + k] + rate * into.gradient[k];
            }
            out.momentaStore().write(j * n + from, into.momenta, at, length);
        }
    }

    /**
     * Writes the features of gradient g into x[0] and, unless RAW, x[1] (and x[2] for a log-scale input, and
     * the momentum inputs), then the training-progress inputs; ADAM_NORMALISED's read the new moments of
     * coordinate k of {@code current}, which {@link #updateMoments} wrote (the other kinds ignore them).
     */
    void compute(float g, Moments current, int k, float[] x) {
        System.arraycopy(stepFeatures, 0, x, gradientInputs, stepFeatures.length);
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
                float denominator = (float) Math.sqrt(current.meanSquare[k] * squareCorrection) + epsilon;
                x[0] = clamp(current.mean[k] * meanCorrection / denominator);
                x[1] = clamp(g / denominator);
                if (logScale) {
                    x[2] = logScale(denominator);
                }
                for (int j = 0; j < momentumDecays.length; j++) {
                    x[firstMomentumInput + j] = clamp(current.momenta[j * current.coordinates + k]
                            * momentumCorrections[j] / denominator);
                }
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

    /** The log-scale input from √v̂ + ε; the Vector API kernel calls it too, so both give the same bits. */
    float logScale(float denominator) {
        return clamp((float) Math.log(denominator) * inverseP);
    }

    private float clamp(float x) {
        return Math.max(-clamp, Math.min(clamp, x));
    }
}
