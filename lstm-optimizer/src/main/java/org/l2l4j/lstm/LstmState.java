package org.l2l4j.lstm;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The recurrent state (h and c of every layer) of n coordinates; also used for gradients with respect
 * to a state. Unit-major: {@code h(l)[j * n + i]} is unit j of layer l at coordinate i, so that
 * consecutive coordinates of one unit sit in consecutive SIMD lanes.
 *
 * <p>With {@link Preprocessing.Kind#ADAM_NORMALISED} inputs the state also holds the preprocessing's
 * running moments m and v of every coordinate (the state of {@code baselines}' {@code AdamMoments}), and its
 * further momenta if it has momentum inputs; the other kinds have none. With a {@link BaseStep} it also holds
 * the base step's momentum trace of every coordinate (the state of {@code baselines}' {@code NesterovTrace}),
 * or for an Adam-normalised base step its moments m (in the trace's place) and v. The moments and the trace
 * depend on the gradients only, not on φ, so in a state gradient they stay unused. Where the config
 * {@linkplain LstmConfig#countsSteps() counts steps} it holds the number of steps taken.
 *
 * <p>The values live in heap arrays ({@link #zeros}), which the array accessors return, or in a stretch
 * of a float buffer ({@link #over}): the DL4J updater's state array, advanced in place.
 */
public final class LstmState {

    private final LstmConfig config;
    private final int n;
    private final FloatStore[] h;
    private final FloatStore[] c;
    /** Adam's m and v per coordinate; empty unless the preprocessing is ADAM_NORMALISED. */
    private final FloatStore gradientMean;
    private final FloatStore gradientMeanSquare;
    /** The further momenta m<sub>j</sub> of ADAM_NORMALISED's momentum inputs, momentum-major [k × n]; else empty. */
    private final FloatStore momenta;
    /** The base step's momentum trace b per coordinate; empty without a base step. */
    private final FloatStore baseTrace;
    /** The Adam-normalised base step's v per coordinate; empty for other base steps. */
    private final FloatStore baseMeanSquare;
    /** Whether the step count is kept (else it stays 0). */
    private final boolean counted;
    /** Steps taken from the zero state, saturated at {@link #STEP_LIMIT}. */
    private int steps;

    /**
     * The step count stops here: float32 (the DL4J updater's state) holds it exactly, and β<sup>t</sup> is
     * then below 10<sup>−7</sup> for every β ≤ 1 − 10<sup>−6</sup>, so the bias correction has converged to 1.
     */
    static final int STEP_LIMIT = 1 << 24;

    /** Regions in the order of {@link #over}'s layout: h(0), c(0), h(1), c(1), …, m, v, the momenta, b, the base's v. */
    private LstmState(LstmConfig config, int n, FloatStore[] regions) {
        this.config = config;
        this.n = n;
        int layers = config.layers();
        this.h = new FloatStore[layers];
        this.c = new FloatStore[layers];
        for (int l = 0; l < layers; l++) {
            h[l] = regions[2 * l];
            c[l] = regions[2 * l + 1];
        }
        this.gradientMean = regions[2 * layers];
        this.gradientMeanSquare = regions[2 * layers + 1];
        this.momenta = regions[2 * layers + 2];
        this.baseTrace = regions[2 * layers + 3];
        this.baseMeanSquare = regions[2 * layers + 4];
        this.counted = config.countsSteps();
    }

    /** Lengths of the regions in {@link #over}'s order. */
    private static int[] regionLengths(LstmConfig config, int n) {
        if (n < 0 || (long) n * config.hidden() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("n must be in [0, " + (Integer.MAX_VALUE - 16) / config.hidden()
                    + "] for hidden = " + config.hidden() + ", got " + n);
        }
        int layers = config.layers();
        int[] lengths = new int[2 * layers + 5];
        Arrays.fill(lengths, 0, 2 * layers, n * config.hidden());
        boolean moments = config.preprocessing().stateFloats() > 0;
        lengths[2 * layers] = moments ? n : 0;
        lengths[2 * layers + 1] = moments ? n : 0;
        lengths[2 * layers + 2] = config.preprocessing().momentumFeatures() * n;
        lengths[2 * layers + 3] = config.base().active() ? n : 0;
        lengths[2 * layers + 4] = config.base().normalised() ? n : 0;
        return lengths;
    }

    /** An all-zero state for {@code n} coordinates (the state at the start of every trajectory). */
    public static LstmState zeros(LstmConfig config, int n) {
        int[] lengths = regionLengths(config, n);
        FloatStore[] regions = new FloatStore[lengths.length];
        for (int r = 0; r < lengths.length; r++) {
            regions[r] = FloatStore.of(new float[lengths[r]]);
        }
        return new LstmState(config, n, regions);
    }

    /**
     * The state of {@code n} coordinates whose values are those of {@code buffer} from float {@code at} on,
     * read and written there (nothing is copied): h(0), c(0), h(1), c(1), … each unit-major [H × n], then
     * for ADAM_NORMALISED m and v [n] and its further momenta [k × n], then with a base step its trace [n],
     * then for an Adam-normalised base step its v [n]; {@link #floats} in all. The step count is not in the buffer: it is this object's. A kernel may advance such a state in place (as
     * both the incoming and the outgoing state of a step).
     */
    static LstmState over(LstmConfig config, int n, FloatBuffer buffer, int at) {
        int[] lengths = regionLengths(config, n);
        FloatStore[] regions = new FloatStore[lengths.length];
        for (int r = 0; r < lengths.length; r++) {
            regions[r] = FloatStore.over(buffer, at, lengths[r]);
            at += lengths[r];
        }
        return new LstmState(config, n, regions);
    }

    /** Floats per coordinate: h and c of every layer, and the preprocessing's and the base step's state. */
    static int floatsPerCoordinate(LstmConfig config) {
        return 2 * config.layers() * config.hidden() + config.extraStateFloats();
    }

    public LstmConfig config() {
        return config;
    }

    public int n() {
        return n;
    }

    /** Live array of layer {@code layer}'s hidden output h, unit-major [H × n]; a heap state's only. */
    public float[] h(int layer) {
        return array(h[layer]);
    }

    /** Live array of layer {@code layer}'s cell state c, unit-major [H × n]; a heap state's only. */
    public float[] c(int layer) {
        return array(c[layer]);
    }

    /** Live array of the gradient's running mean m (ADAM_NORMALISED), length n; empty for other kinds. */
    public float[] gradientMean() {
        return array(gradientMean);
    }

    /** Live array of the running mean v of the gradient's square (ADAM_NORMALISED), length n; else empty. */
    public float[] gradientMeanSquare() {
        return array(gradientMeanSquare);
    }

    /** Live array of ADAM_NORMALISED's further momenta, momentum-major [k × n]; empty without momentum inputs. */
    public float[] momenta() {
        return array(momenta);
    }

    /** Live array of the base step's momentum trace (Adam's m), length n; empty without a base step. */
    public float[] baseTrace() {
        return array(baseTrace);
    }

    /** Live array of the Adam-normalised base step's v, length n; empty for other base steps. */
    public float[] baseMeanSquare() {
        return array(baseMeanSquare);
    }

    private float[] array(FloatStore store) {
        if (store instanceof FloatStore.OnHeap heap) {
            return heap.values();
        }
        throw new IllegalStateException("this LSTM state lives in a buffer, not in heap arrays");
    }

    FloatStore hStore(int layer) {
        return h[layer];
    }

    FloatStore cStore(int layer) {
        return c[layer];
    }

    FloatStore gradientMeanStore() {
        return gradientMean;
    }

    FloatStore gradientMeanSquareStore() {
        return gradientMeanSquare;
    }

    FloatStore momentaStore() {
        return momenta;
    }

    FloatStore baseTraceStore() {
        return baseTrace;
    }

    FloatStore baseMeanSquareStore() {
        return baseMeanSquare;
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
            h[l].copyFrom(other.h[l]);
            c[l].copyFrom(other.c[l]);
        }
        gradientMean.copyFrom(other.gradientMean);
        gradientMeanSquare.copyFrom(other.gradientMeanSquare);
        momenta.copyFrom(other.momenta);
        baseTrace.copyFrom(other.baseTrace);
        baseMeanSquare.copyFrom(other.baseMeanSquare);
        steps = other.steps;
    }

    /** Sets every value to zero. */
    public void clear() {
        for (int l = 0; l < h.length; l++) {
            h[l].fill(0f);
            c[l].fill(0f);
        }
        gradientMean.fill(0f);
        gradientMeanSquare.fill(0f);
        momenta.fill(0f);
        baseTrace.fill(0f);
        baseMeanSquare.fill(0f);
        steps = 0;
    }

    /** Memory held by the arrays, in bytes. */
    public long bytes() {
        return bytes(config, n);
    }

    /** Bytes a state of {@code n} coordinates takes, without allocating. */
    public static long bytes(LstmConfig config, int n) {
        return (long) Float.BYTES * n * floatsPerCoordinate(config);
    }

    void requireSameShape(LstmState other) {
        if (other.n != n || !other.config.equals(config)) {
            throw new IllegalArgumentException("LSTM states differ: n " + other.n + " vs " + n
                    + ", config " + other.config + " vs " + config);
        }
    }
}
