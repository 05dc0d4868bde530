package org.l2l4j.lstm;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
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
 *   [ 2 floats, unused ]               an earlier version's stamp, kept so that saved states keep their size
 *   [ step count (1 float) ]           if the config counts steps (ADAM_NORMALISED, or a base step with
 *                                      correction steps): steps taken, exact in float32 (≤ 2^24)
 *   [ unused ]                         the trailing floats of further variables merged into the block
 * </pre>
 *
 * <p>The kernel reads and writes the state there, in place ({@link LstmState#over}): nothing is kept on the
 * heap between steps, so whatever DL4J or a user puts into the array (a restore, an assignment of a saved or
 * averaged state, zeroing) is the state the next step starts from.
 */
final class LearnedGradientUpdater implements GradientUpdater<LearnedUpdater> {

    /** Unused floats after the per-coordinate state. */
    static final int RESERVED_FLOATS = 2;

    private final LearnedUpdater config;
    private final LstmWeights weights;
    private final int perCoordinate;
    private final int trailing;

    private INDArray view;
    /** The view's memory, positioned at its first element. */
    private FloatBuffer viewFloats;
    /** The gradient array of the last step and its memory: DL4J hands the same view every step. */
    private INDArray lastGradient;
    private FloatBuffer gradientFloats;

    // Made on the first step of n coordinates on the current view.
    private int n;
    /** The state in the view, null until a step sets it up. */
    private LstmState state;
    private float[] gradient;
    private float[] update;

    LearnedGradientUpdater(LearnedUpdater config) {
        this.config = config;
        this.weights = config.sharedWeights();
        this.perCoordinate = LstmState.floatsPerCoordinate(weights.config());
        this.trailing = trailingFloats(weights.config());
    }

    /**
     * Floats after the per-coordinate state of each variable: the reserved ones, and the step count if the
     * config counts steps.
     */
    static int trailingFloats(LstmConfig config) {
        return RESERVED_FLOATS + (config.countsSteps() ? 1 : 0);
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
        state = null;
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
        if (state == null || gradientArray.length() != n) {
            requireHolds(view, gradientArray.length(), " (the gradient's length)");
            allocate((int) gradientArray.length());
        }
        if (gradientArray != lastGradient) {
            lastGradient = gradientArray;
            gradientFloats = gradientArray.data().asNioFloat();
        }
        gradientFloats.get(gradientFloats.position(), gradient, 0, n);
        if (trailing > RESERVED_FLOATS) {
            state.setSteps(stepsInView());
        }
        SharedKernel.KERNEL.forward(weights, gradient, state, state, update, null);
        if (trailing > RESERVED_FLOATS) {
            viewFloats.put(stepsOffset(), state.steps());
        }
        for (int i = 0; i < n; i++) {
            update[i] = -update[i];
        }
        gradientFloats.put(gradientFloats.position(), update, 0, n);
    }

    private void allocate(int coordinates) {
        n = coordinates;
        state = LstmState.over(weights.config(), n, viewFloats, viewFloats.position());
        if (gradient == null || gradient.length != n) {
            gradient = new float[n];
            update = new float[n];
        }
    }

    private int stepsOffset() {
        return viewFloats.position() + perCoordinate * n + RESERVED_FLOATS;
    }

    /** The step count in the view, checked. */
    private int stepsInView() {
        float steps = viewFloats.get(stepsOffset());
        if (!(steps >= 0 && steps <= LstmState.STEP_LIMIT && steps == Math.rint(steps))) {
            throw new IllegalStateException(config + ": the updater state array holds step count " + steps
                    + ", expected an integer in [0, " + LstmState.STEP_LIMIT + "] (damaged state?)");
        }
        return (int) steps;
    }

    /** The array must hold the state, reserved floats and step count of {@code parameters} (≥ 1) parameters. */
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
