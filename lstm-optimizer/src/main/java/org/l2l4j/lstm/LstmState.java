package org.l2l4j.lstm;

import java.util.Arrays;

/**
 * The recurrent state (h and c of every layer) of n coordinates; also used for gradients with respect
 * to a state. Unit-major: {@code h(l)[j * n + i]} is unit j of layer l at coordinate i, so that
 * consecutive coordinates of one unit sit in consecutive SIMD lanes.
 *
 * <p>With {@link Preprocessing.Kind#ADAM_NORMALISED} inputs the state also holds the preprocessing's
 * running moments m and v of every coordinate (the state of {@code baselines}' {@code AdamMoments}); the
 * other kinds have none. With a {@link BaseStep} it also holds the base step's momentum trace of every
 * coordinate (the state of {@code baselines}' {@code NesterovTrace}). The moments and the trace depend on the
 * gradients only, not on φ, so in a state gradient they stay unused. Where the config
 * {@linkplain LstmConfig#countsSteps() counts steps} it holds the number of steps taken.
 */
public final class LstmState {

    private final LstmConfig config;
    private final int n;
    private final float[][] h;
    private final float[][] c;
    /** Adam's m and v per coordinate; empty unless the preprocessing is ADAM_NORMALISED. */
    private final float[] gradientMean;
    private final float[] gradientMeanSquare;
    /** The base step's momentum trace b per coordinate; empty without a base step. */
    private final float[] baseTrace;
    /** Whether the step count is kept (else it stays 0). */
    private final boolean counted;
    /** Steps taken from the zero state, saturated at {@link #STEP_LIMIT}. */
    private int steps;

    /**
     * The step count stops here: float32 (the DL4J updater's state) holds it exactly, and β<sup>t</sup> is
     * then below 10<sup>−7</sup> for every β ≤ 1 − 10<sup>−6</sup>, so the bias correction has converged to 1.
     */
    static final int STEP_LIMIT = 1 << 24;

    private LstmState(LstmConfig config, int n) {
        if (n < 0 || (long) n * config.hidden() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("n must be in [0, " + (Integer.MAX_VALUE - 16) / config.hidden()
                    + "] for hidden = " + config.hidden() + ", got " + n);
        }
        this.config = config;
        this.n = n;
        this.h = new float[config.layers()][n * config.hidden()];
        this.c = new float[config.layers()][n * config.hidden()];
        this.counted = config.countsSteps();
        boolean moments = config.preprocessing().stateFloats() > 0;
        this.gradientMean = new float[moments ? n : 0];
        this.gradientMeanSquare = new float[moments ? n : 0];
        this.baseTrace = new float[config.base().active() ? n : 0];
    }

    /** An all-zero state for {@code n} coordinates (the state at the start of every trajectory). */
    public static LstmState zeros(LstmConfig config, int n) {
        return new LstmState(config, n);
    }

    public LstmConfig config() {
        return config;
    }

    public int n() {
        return n;
    }

    /** Live array of layer {@code layer}'s hidden output h, unit-major [H × n]. */
    public float[] h(int layer) {
        return h[layer];
    }

    /** Live array of layer {@code layer}'s cell state c, unit-major [H × n]. */
    public float[] c(int layer) {
        return c[layer];
    }

    /** Live array of the gradient's running mean m (ADAM_NORMALISED), length n; empty for other kinds. */
    public float[] gradientMean() {
        return gradientMean;
    }

    /** Live array of the running mean v of the gradient's square (ADAM_NORMALISED), length n; else empty. */
    public float[] gradientMeanSquare() {
        return gradientMeanSquare;
    }

    /** Live array of the base step's momentum trace, length n; empty without a base step. */
    public float[] baseTrace() {
        return baseTrace;
    }

    /**
     * Steps taken from the zero state (saturating at 2<sup>24</sup>) if the config
     * {@linkplain LstmConfig#countsSteps() counts steps}; else 0.
     */
    public int steps() {
        return steps;
    }

    /** Sets the step count; {@code steps} must be in [0, 2<sup>24</sup>] and 0 unless the config counts steps. */
    void setSteps(int steps) {
        if (steps < 0 || steps > STEP_LIMIT || steps > 0 && !counted) {
            throw new IllegalArgumentException("step count must be in [0, " + STEP_LIMIT + "], and 0 for "
                    + config + ", which counts no steps; got " + steps);
        }
        this.steps = steps;
    }

    /** The step count after one more step from {@code in}: counted only where the config needs it. */
    void advanceStepsFrom(LstmState in) {
        steps = counted ? Math.min(in.steps + 1, STEP_LIMIT) : 0;
    }

    /** Copies {@code other} into this state; both must have the same config and n. */
    public void copyFrom(LstmState other) {
        requireSameShape(other);
        for (int l = 0; l < h.length; l++) {
            System.arraycopy(other.h[l], 0, h[l], 0, h[l].length);
            System.arraycopy(other.c[l], 0, c[l], 0, c[l].length);
        }
        System.arraycopy(other.gradientMean, 0, gradientMean, 0, gradientMean.length);
        System.arraycopy(other.gradientMeanSquare, 0, gradientMeanSquare, 0, gradientMeanSquare.length);
        System.arraycopy(other.baseTrace, 0, baseTrace, 0, baseTrace.length);
        steps = other.steps;
    }

    /** Sets every value to zero. */
    public void clear() {
        for (int l = 0; l < h.length; l++) {
            Arrays.fill(h[l], 0f);
            Arrays.fill(c[l], 0f);
        }
        Arrays.fill(gradientMean, 0f);
        Arrays.fill(gradientMeanSquare, 0f);
        Arrays.fill(baseTrace, 0f);
        steps = 0;
    }

    /** Memory held by the arrays, in bytes. */
    public long bytes() {
        return bytes(config, n);
    }

    /** Bytes a state of {@code n} coordinates takes, without allocating. */
    public static long bytes(LstmConfig config, int n) {
        return (long) Float.BYTES * n * (2L * config.layers() * config.hidden() + config.extraStateFloats());
    }

    void requireSameShape(LstmState other) {
        if (other.n != n || !other.config.equals(config)) {
            throw new IllegalArgumentException("LSTM states differ: n " + other.n + " vs " + n
                    + ", config " + other.config + " vs " + config);
        }
    }
}
