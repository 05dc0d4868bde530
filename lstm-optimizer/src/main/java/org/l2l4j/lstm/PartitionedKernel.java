package org.l2l4j.lstm;

import java.util.Arrays;

/**
 * What the plain and the Vector API kernel share: argument checks, the split of the coordinates into
 * one contiguous range per thread, and the reduction of the per-thread weight gradients.
 *
 * <p>The arguments of the running call live in fields so that dispatching to the pool allocates nothing;
 * calls are therefore serialised. Each part accumulates dL/dφ into its own {@code double[]}, and the
 * parts are summed in part order at the end, so a given thread count always gives the same numbers.
 */
abstract class PartitionedKernel implements LstmKernel {

    /** Below this many coordinates per thread the dispatch costs more than it saves. */
    static final int MIN_PER_THREAD = 2048;
    /** Range boundaries are multiples of this (a whole number of SIMD vectors of any width). */
    static final int ALIGN = 64;

    private final CoordinatePool pool;
    private final CoordinatePool.Task forwardTask = this::forwardPart;
    private final CoordinatePool.Task backwardTask = this::backwardPart;
    private final int[] bounds;
    private double[][] partGradients = new double[0][];

    // Arguments of the running call (valid only during forward/backward).
    LstmWeights w;
    float[] gradient;
    LstmState in;
    LstmState out;
    float[] update;
    StepActivations acts;
    float[] dUpdate;
    LstmState dOut;
    LstmState dIn;

    PartitionedKernel(int threads, String name) {
        pool = new CoordinatePool(threads, name);
        bounds = new int[threads + 1];
    }

    int threads() {
        return pool.parts();
    }

    @Override
    public final void close() {
        pool.close();
    }

    /** Computes one forward step for coordinates [from, to) of the current call; part is the thread's index. */
    abstract void forwardRange(int part, int from, int to);

    /** Backward for coordinates [from, to), adding this range's dL/dφ into {@code dWeights}. */
    abstract void backwardRange(int part, int from, int to, double[] dWeights);

    /** Called (in the caller's thread) before a call with a config different from the last one. */
    abstract void prepare(LstmConfig config, int parts);

    /** Called in the caller's thread once the arguments of a call are set, before the parts run. */
    void beginCall() {
    }

    private LstmConfig prepared;

    @Override
    public final synchronized void forward(LstmWeights w, float[] gradient, LstmState in, LstmState out,
                                           float[] update, StepActivations actsOrNull) {
        int n = in.n();
        if (in == out) {
            throw new IllegalArgumentException("forward: the incoming and outgoing state must be different objects");
        }
        requireConfig("incoming state", in.config(), w.config());
        in.requireSameShape(out);
        requireLength("gradient", gradient.length, n);
        requireLength("update", update.length, n);
        if (actsOrNull != null) {
            requireConfig("activations", actsOrNull.config, w.config());
            requireLength("activations' n", actsOrNull.n, n);
        }
        this.w = w;
        this.gradient = gradient;
        this.in = in;
        this.out = out;
        this.update = update;
        this.acts = actsOrNull;
        try {
            int parts = split(n);
            beginCall();
            pool.run(forwardTask, parts);
        } finally {
            this.gradient = null;
            this.in = null;
            this.out = null;
            this.update = null;
            this.acts = null;
            this.w = null;
        }
    }

    @Override
    public final synchronized void backward(LstmWeights w, StepActivations acts, float[] dUpdate,
                                            LstmState dOut, LstmState dIn, float[] dWeights) {
        int n = acts.n;
        if (dIn == dOut) {
            throw new IllegalArgumentException("backward: dIn and dOut must be different objects");
        }
        requireConfig("activations", acts.config, w.config());
        requireConfig("dOut", dOut.config(), w.config());
        dOut.requireSameShape(dIn);
        requireLength("dOut's n", dOut.n(), n);
        requireLength("dUpdate", dUpdate.length, n);
        requireLength("dWeights", dWeights.length, w.config().parameterCount());
        this.w = w;
        this.acts = acts;
        this.dUpdate = dUpdate;
        this.dOut = dOut;
        this.dIn = dIn;
        int parts;
        try {
            parts = split(n);
            for (int p = 0; p < parts; p++) {
                Arrays.fill(partGradients[p], 0);
            }
            beginCall();
            pool.run(backwardTask, parts);
        } finally {
            this.w = null;
            this.acts = null;
            this.dUpdate = null;
            this.dOut = null;
            this.dIn = null;
        }
        for (int i = 0; i < dWeights.length; i++) {
            double sum = 0;
            for (int p = 0; p < parts; p++) {
                sum += partGradients[p][i];
            }
            dWeights[i] += (float) sum;
        }
    }

    /** Splits [0, n) into aligned contiguous ranges and returns how many threads to use. */
    private int split(int n) {
        LstmConfig config = w.config();
        if (!config.equals(prepared)) {
            prepare(config, threads());
            partGradients = new double[threads()][config.parameterCount()];
            prepared = config;
        }
        int parts = Math.max(1, Math.min(threads(), n / MIN_PER_THREAD));
        for (int p = 0; p <= parts; p++) {
            long end = (long) n * p / parts;
            bounds[p] = p == parts ? n : (int) (end / ALIGN * ALIGN);
        }
        return parts;
    }

    private void forwardPart(int part) {
        forwardRange(part, bounds[part], bounds[part + 1]);
    }

    private void backwardPart(int part) {
        backwardRange(part, bounds[part], bounds[part + 1], partGradients[part]);
    }

    private static void requireLength(String what, int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException(what + " has length " + length + ", expected n = " + expected);
        }
    }

    private static void requireConfig(String what, LstmConfig config, LstmConfig expected) {
        if (!config.equals(expected)) {
            throw new IllegalArgumentException(what + " were made for " + config + ", the weights for " + expected);
        }
    }
}
