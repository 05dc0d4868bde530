package org.l2l4j.lstm;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The learned update rule on one DL4J updater block: n parameters whose recurrent state lives in the block's
 * slice of the network's updater state array, laid out as {@link LstmState} is (h then c of layer 0, then
 * of layer 1, …, each unit-major [hidden × n]).
 *
 * <p>Each step copies the state from that array into a heap {@link LstmState}, runs the kernel, and copies
 * the new state back, so the array DL4J saves, restores, clones or averages is the only state there is.
 * The heap buffers are scratch, allocated on the first step.
 */
final class LearnedGradientUpdater implements GradientUpdater<LearnedUpdater> {

    private final LearnedUpdater config;
    private final LstmWeights weights;

    private INDArray view;
    /** The view's memory, positioned at its first element. */
    private FloatBuffer viewFloats;
    private int n;
    /** The gradient array of the last step and its memory: DL4J hands the same view every step. */
    private INDArray lastGradient;
    private FloatBuffer gradientFloats;

    // Scratch of the step, allocated on the first one.
    private LstmState in;
    private LstmState out;
    private float[] gradient;
    private float[] update;

    LearnedGradientUpdater(LearnedUpdater config) {
        this.config = config;
        this.weights = config.sharedWeights();
    }

    /** h and c of every layer: 2 · layers · hidden. */
    static int floatsPerCoordinate(LstmConfig config) {
        return 2 * config.layers() * config.hidden();
    }

    @Override
    public LearnedUpdater getConfig() {
        return config;
    }

    /**
     * Takes {@code viewArray} as this block's state: float32, contiguous, {@code stateSize(n)} long.
     *
     * @param gradientShape if not null, its element count must be n
     * @param initialize    if true the state is set to zero, the state before a first step
     */
    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!Nd4j.getEnvironment().isCPU()) {
            throw new UnsupportedOperationException("LearnedUpdater runs on ND4J's CPU backend only");
        }
        requireFloatContiguous(viewArray, "updater state array");
        int perCoordinate = floatsPerCoordinate(weights.config());
        long length = viewArray.length();
        if (length == 0 || length % perCoordinate != 0) {
            throw new IllegalArgumentException("updater state array of length " + length + " is not a positive"
                    + " multiple of " + perCoordinate + " (2 · layers · hidden of " + config + ")");
        }
        int coordinates = (int) (length / perCoordinate);
        if (gradientShape != null) {
            long count = 1;
            for (long d : gradientShape) {
                count *= d;
            }
            if (count != coordinates) {
                throw new IllegalArgumentException("updater state array holds the state of " + coordinates
                        + " parameters, but the gradient shape " + Arrays.toString(gradientShape)
                        + " has " + count);
            }
        }
        if (initialize) {
            viewArray.assign(0);
        }
        view = viewArray;
        viewFloats = floats(viewArray);
        if (coordinates != n) {
            n = coordinates;
            in = null;
        }
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
     * Replaces {@code gradientArray} (the gradient of this block's n parameters) with −u, the negated learned
     * update, since DL4J subtracts what the updater leaves; advances the state in the view by one step.
     */
    @Override
    public void applyUpdater(INDArray gradientArray, int iteration, int epoch) {
        if (view == null) {
            throw new IllegalStateException("applyUpdater before setStateViewArray");
        }
        requireFloatContiguous(gradientArray, "gradient");
        if (gradientArray.length() != n) {
            throw new IllegalArgumentException("gradient of length " + gradientArray.length() + " for an updater"
                    + " block whose state holds " + n + " parameters");
        }
        if (in == null) {
            in = LstmState.zeros(weights.config(), n);
            out = LstmState.zeros(weights.config(), n);
            gradient = new float[n];
            update = new float[n];
        }
        if (gradientArray != lastGradient) {
            lastGradient = gradientArray;
            gradientFloats = floats(gradientArray);
        }
        gradientFloats.get(gradientFloats.position(), gradient, 0, n);
        copyState(in, true);
        SharedKernel.KERNEL.forward(weights, gradient, in, out, update, null);
        copyState(out, false);
        for (int i = 0; i < n; i++) {
            update[i] = -update[i];
        }
        gradientFloats.put(gradientFloats.position(), update, 0, n);
    }

    /** Copies between the flat state array and {@code state}: h(0), c(0), h(1), c(1), … each [hidden × n]. */
    private void copyState(LstmState state, boolean toState) {
        FloatBuffer flat = viewFloats;
        int base = flat.position();
        int block = weights.config().hidden() * n;
        for (int l = 0; l < weights.config().layers(); l++) {
            int hAt = base + 2 * l * block;
            int cAt = hAt + block;
            if (toState) {
                flat.get(hAt, state.h(l), 0, block);
                flat.get(cAt, state.c(l), 0, block);
            } else {
                flat.put(hAt, state.h(l), 0, block);
                flat.put(cAt, state.c(l), 0, block);
            }
        }
    }

    /** The array's memory as a buffer positioned at its first element. */
    private static FloatBuffer floats(INDArray array) {
        return array.data().asNioFloat();
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
