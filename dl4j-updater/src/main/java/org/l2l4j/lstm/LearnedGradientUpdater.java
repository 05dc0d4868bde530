package org.l2l4j.lstm;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The learned update rule on one DL4J updater block of n parameters. Its state lives in the block's slice
 * of the network's updater state array, which DL4J saves, restores, clones and averages:
 *
 * <pre>
 *   [ h(0) | c(0) | h(1) | c(1) | … ]  each unit-major [hidden × n], as in {@link LstmState}
 *   [ m | v ]                          ADAM_NORMALISED preprocessing only: its moments, n floats each
 *   [ b ]                              with a base step only: its momentum trace, n floats
 *   [ stamp (2 floats) ]               identifies the step that wrote the state
 *   [ step count (1 float) ]           if the config counts steps (ADAM_NORMALISED, or a base step with
 *                                      correction steps): steps taken, exact in float32 (≤ 2^24)
 *   [ unused ]                         the trailing floats of further variables merged into the block
 * </pre>
 *
 * <p>The kernel works on heap arrays, so every step writes the new state back into the array and keeps it
 * on the heap as well, for the next step. Reading the state back from the array costs as much again (at
 * 10<sup>6</sup> parameters, about a tenth of the kernel's time), so it is skipped when the array still
 * carries the stamp of this updater's last write: a fresh random pair written with every step. Anything
 * that replaces the array's contents (a restore, an assignment of a saved or averaged state, zeroing)
 * replaces the stamp too, and the next step reads the array. Only a write to the h/c region that leaves the
 * stamp intact would go unseen.
 */
final class LearnedGradientUpdater implements GradientUpdater<LearnedUpdater> {

    /** Floats of the stamp, after the per-coordinate state. */
    static final int STAMP_FLOATS = 2;
    /** Stamps are non-zero integers below 2<sup>24</sup>, exact in float32 (never 0: zeroing is a write). */
    private static final int STAMP_BOUND = 1 << 24;

    private final LearnedUpdater config;
    private final LstmWeights weights;
    private final int perCoordinate;
    private final int trailing;
    /** Stamps only tell writes apart; they never enter a computed value, so they need no user seed. */
    private final SplittableRandom stamps = new SplittableRandom();

    private INDArray view;
    /** The view's memory, positioned at its first element. */
    private FloatBuffer viewFloats;
    /** The gradient array of the last step and its memory: DL4J hands the same view every step. */
    private INDArray lastGradient;
    private FloatBuffer gradientFloats;

    // Allocated on the first step of n coordinates.
    private int n;
    /** The state the next step starts from; equal to the view's when {@link #stampOk()}. */
    private LstmState current;
    private LstmState next;
    private float[] gradient;
    private float[] update;
    private boolean written;
    private float stamp0;
    private float stamp1;

    LearnedGradientUpdater(LearnedUpdater config) {
        this.config = config;
        this.weights = config.sharedWeights();
        this.perCoordinate = floatsPerCoordinate(weights.config());
        this.trailing = trailingFloats(weights.config());
    }

    /**
     * h and c of every layer, the preprocessing's and the base step's state: 2 · layers · hidden (+ 2 for
     * ADAM_NORMALISED, + 1 with a base step).
     */
    static int floatsPerCoordinate(LstmConfig config) {
        return 2 * config.layers() * config.hidden() + config.extraStateFloats();
    }

    /** Floats after the per-coordinate state of each variable: the stamp, and the step count if the config counts steps. */
    static int trailingFloats(LstmConfig config) {
        return STAMP_FLOATS + (config.countsSteps() ? 1 : 0);
    }

    @Override
    public LearnedUpdater getConfig() {
        return config;
    }

    /**
     * Takes {@code viewArray} as this block's state array: float32, contiguous, sized by
     * {@link LearnedUpdater#stateSize}.
     *
     * @param gradientShape if not null, the array must hold the state of that many parameters
     * @param initialize    if true the state is set to zero, the state before a first step
     */
    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (viewArray == null) {
            throw new IllegalArgumentException(config + " needs a state array, got null");
        }
        if (!Nd4j.getEnvironment().isCPU()) {
            throw new UnsupportedOperationException("LearnedUpdater runs on ND4J's CPU backend only");
        }
        requireFloatContiguous(viewArray, "updater state array");
        long parameters = 1;
        if (gradientShape != null) {
            for (long d : gradientShape) {
                parameters *= d;
            }
        }
        requireHolds(viewArray, parameters,
                gradientShape == null ? "" : " (gradient shape " + Arrays.toString(gradientShape) + ")");
        if (initialize) {
            viewArray.assign(0);
        }
        view = viewArray;
        viewFloats = viewArray.data().asNioFloat();
        written = false;
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(LearnedUpdater.STATE_KEY, view);
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        INDArray state = stateMap.get(LearnedUpdater.STATE_KEY);
        if (state == null || stateMap.size() != 1) {
            throw new IllegalArgumentException("a LearnedUpdater's state is one array under \""
                    + LearnedUpdater.STATE_KEY + "\", got keys " + stateMap.keySet());
        }
        setStateViewArray(state, null, state.ordering(), initialize);
    }

    /**
     * Replaces {@code gradientArray} (the gradient of this block's parameters) with −u, the negated learned
     * update, since DL4J subtracts what the updater leaves; advances the state in the array by one step.
     */
    @Override
    public void applyUpdater(INDArray gradientArray, int iteration, int epoch) {
        if (view == null) {
            throw new IllegalStateException("applyUpdater before setStateViewArray");
        }
        requireFloatContiguous(gradientArray, "gradient");
        if (gradientArray.length() != n) {
            requireHolds(view, gradientArray.length(), " (the gradient's length)");
            allocate((int) gradientArray.length());
        }
        if (gradientArray != lastGradient) {
            lastGradient = gradientArray;
            gradientFloats = gradientArray.data().asNioFloat();
        }
        gradientFloats.get(gradientFloats.position(), gradient, 0, n);
        if (!stampOk()) {
            copyState(current, true);
        }
        SharedKernel.KERNEL.forward(weights, gradient, current, next, update, null);
        copyState(next, false);
        writeStamp();
        LstmState previous = current;
        current = next;
        next = previous;
        for (int i = 0; i < n; i++) {
            update[i] = -update[i];
        }
        gradientFloats.put(gradientFloats.position(), update, 0, n);
    }

    private void allocate(int coordinates) {
        n = coordinates;
        current = LstmState.zeros(weights.config(), n);
        next = LstmState.zeros(weights.config(), n);
        gradient = new float[n];
        update = new float[n];
        written = false;
    }

    /** Whether the array still holds what the last step wrote, so {@link #current} equals its state. */
    private boolean stampOk() {
        int at = stampOffset();
        return written && viewFloats.get(at) == stamp0 && viewFloats.get(at + 1) == stamp1;
    }

    private void writeStamp() {
        stamp0 = 1 + stamps.nextInt(STAMP_BOUND - 1);
        stamp1 = 1 + stamps.nextInt(STAMP_BOUND - 1);
        int at = stampOffset();
        viewFloats.put(at, stamp0);
        viewFloats.put(at + 1, stamp1);
        written = true;
    }

    private int stampOffset() {
        return viewFloats.position() + perCoordinate * n;
    }

    /**
     * Copies between the array and {@code state}: h(0), c(0), h(1), c(1), … each [hidden × n], then for
     * ADAM_NORMALISED m and v [n], a base step's trace [n] and, after the stamp, the step count.
     */
    private void copyState(LstmState state, boolean toState) {
        int start = viewFloats.position();
        int block = weights.config().hidden() * n;
        int layers = weights.config().layers();
        for (int l = 0; l < layers; l++) {
            int hAt = start + 2 * l * block;
            int cAt = hAt + block;
            copy(hAt, state.h(l), block, toState);
            copy(cAt, state.c(l), block, toState);
        }
        if (weights.config().preprocessing().stateFloats() > 0) {
            int mAt = start + 2 * layers * block;
            copy(mAt, state.gradientMean(), n, toState);
            copy(mAt + n, state.gradientMeanSquare(), n, toState);
        }
        if (weights.config().base().active()) {
            int traceAt = start + 2 * layers * block + weights.config().preprocessing().stateFloats() * n;
            copy(traceAt, state.baseTrace(), n, toState);
        }
        if (trailing > STAMP_FLOATS) {
            int stepsAt = stampOffset() + STAMP_FLOATS;
            if (toState) {
                float steps = viewFloats.get(stepsAt);
                if (!(steps >= 0 && steps <= LstmState.STEP_LIMIT && steps == Math.rint(steps))) {
                    throw new IllegalStateException(config + ": the updater state array holds step count " + steps
                            + ", expected an integer in [0, " + LstmState.STEP_LIMIT + "] (damaged state?)");
                }
                state.setSteps((int) steps);
            } else {
                viewFloats.put(stepsAt, state.steps());
            }
        }
    }

    private void copy(int at, float[] values, int length, boolean toValues) {
        if (toValues) {
            viewFloats.get(at, values, 0, length);
        } else {
            viewFloats.put(at, values, 0, length);
        }
    }

    /** The array must hold the state, stamp and step count of {@code parameters} (≥ 1) parameters. */
    private void requireHolds(INDArray array, long parameters, String why) {
        long needed = perCoordinate * parameters + trailing;
        if (parameters < 1 || array.length() < needed) {
            throw new IllegalArgumentException("updater state array of length " + array.length() + " cannot hold"
                    + " the state of " + parameters + " parameters" + why + ", which needs " + perCoordinate
                    + " · " + parameters + " + " + trailing + " = " + needed + " floats; size it with "
                    + config + ".stateSize");
        }
    }

    private static void requireFloatContiguous(INDArray array, String what) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("LearnedUpdater computes in float32, but the " + what + " is "
                    + array.dataType() + "; build the network with .dataType(DataType.FLOAT)");
        }
        if (array.length() > 1 && array.elementWiseStride() != 1) {
            throw new IllegalArgumentException("the " + what + " must be contiguous, got element-wise stride "
                    + array.elementWiseStride() + " for shape " + Arrays.toString(array.shape()));
        }
    }

    /** One kernel for all learned updaters of the JVM: it owns threads, and DL4J runs blocks one at a time. */
    private static final class SharedKernel {
        static final LstmKernel KERNEL = LstmKernel.create(Runtime.getRuntime().availableProcessors());
    }
}
