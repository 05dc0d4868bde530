package org.l2l4j.lstm;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the plain and the Vector API kernel share: argument checks, the division of the coordinates into
 * chunks that the threads claim one at a time, and the reduction of the weight gradients.
 *
 * <p>The arguments of the running call live in fields so that dispatching to the pool allocates nothing;
 * calls are therefore serialised. Threads claim chunks from a shared counter, so a thread that wakes
 * late or is preempted on a busy machine just does fewer of them instead of holding up the call. Each
 * backward chunk accumulates dL/dφ into its own {@code double[]} and the chunks are added in chunk
 * order at the end; chunk bounds depend on n only, so the numbers depend neither on which thread did
 * which chunk nor on the thread count.
 */
abstract class PartitionedKernel implements LstmKernel {

    /** Below this many coordinates per thread the dispatch costs more than it saves. */
    static final int MIN_PER_THREAD = 2048;
    /** Coordinates per forward chunk: a few tiles, so two threads stay balanced at n = 16k. */
    static final int FORWARD_CHUNK = 512;
    /**
     * Least coordinates per backward chunk. Each chunk has its own float64 dL/dφ partial sum, so beyond
     * MAX_BACKWARD_CHUNKS chunks they grow with n instead. A multiple of every kernel's block of
     * coordinates (chunk bounds never split one).
     */
    static final int BACKWARD_CHUNK = 2048;
    static final int MAX_BACKWARD_CHUNKS = 64;

    private final CoordinatePool pool;
    private final CoordinatePool.Task forwardTask = this::forwardPart;
    private final CoordinatePool.Task backwardTask = this::backwardPart;
    private final AtomicInteger nextChunk = new AtomicInteger();
    /** Coordinates, chunk size and chunk count of the running call. */
    private int n;
    private int chunk;
    private int chunks;
    private double[][] chunkGradients = new double[0][];
    private double[] gradientSum = new double[0];

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
    /** dL/d(input features) [inputs × n], written by the backward ranges when not null. */
    float[] dFeatures;
    private float[] dFeaturesBuffer = new float[0];
    /** The base step's u<sub>base</sub>, or in the backward its adjoint, of the running call [n]. */
    private float[] baseStepBuffer = new float[0];
    /** The base step's trace (Adam's m) and Adam's v of the running call [n]. */
    private float[] traceBuffer = new float[0];
    private float[] meanSquareBuffer = new float[0];

    PartitionedKernel(int threads, String name) {
        pool = new CoordinatePool(threads, name);
    }

    @Override
    public final int threads() {
        return pool.parts();
    }

    @Override
    public final void close() {
        pool.close();
    }

    /**
     * Computes one forward step for coordinates [from, to) of the current call, a chunk of at most
     * {@link #FORWARD_CHUNK}; part is the thread's index.
     */
    abstract void forwardRange(int part, int from, int to);

    /** Backward for coordinates [from, to), adding this range's dL/dφ into {@code dWeights}. */
    abstract void backwardRange(int part, int from, int to, double[] dWeights);

    /** Called (in the caller's thread) before a call with a config different from the last one. */
    abstract void prepare(LstmConfig config, int parts);

    /** Called in the caller's thread once the arguments of a call are set, before the parts run. */
    void beginCall() {
    }

    /** Called in the caller's thread before {@link #beginCall} of a forward call. */
    void beginForward() {
    }

    private LstmConfig prepared;

    @Override
    public final synchronized void forward(LstmWeights w, float[] gradient, LstmState in, LstmState out,
                                           float[] update, StepActivations actsOrNull) {
        int n = in.n();
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
        BaseStep base = w.config().base();
        if (actsOrNull != null) {
            actsOrNull.steps = Math.min(in.steps() + 1, LstmState.STEP_LIMIT);
        }
        try {
            if (base.corrects(in.steps())) {
                int parts = split(n, FORWARD_CHUNK);
                out.advanceStepsFrom(in);
                beginForward();
                beginCall();
                pool.run(forwardTask, parts);
            } else {
                // past the correction steps: the LSTM's state stays as it was, the base step runs alone
                if (actsOrNull != null) {
                    throw new IllegalStateException("forward: step " + (in.steps() + 1) + " is past the "
                            + base.correctionSteps() + " correction steps, where the LSTM does not run, so there are"
                            + " no activations to record");
                }
                out.copyFrom(in);
                out.advanceStepsFrom(in);
                Arrays.fill(update, 0f);
            }
            if (base.active()) {
                // a few flops per coordinate in the caller's thread, against the LSTM's thousands; the trace
                // goes through a heap buffer as the state may live in an off-heap one
                float[] trace = traceBuffer(n);
                float[] meanSquare = meanSquareBuffer(base.normalised() ? n : 0);
                in.baseTraceStore().read(0, trace, 0, n);
                in.baseMeanSquareStore().read(0, meanSquare, 0, meanSquare.length);
                base.addTo(gradient, trace, meanSquare, out.steps(), update, baseStepBuffer(n));
                out.baseTraceStore().write(0, trace, 0, n);
                out.baseMeanSquareStore().write(0, meanSquare, 0, meanSquare.length);
                if (actsOrNull != null && base.normalised()) {
                    System.arraycopy(trace, 0, actsOrNull.baseMean, 0, n);
                    System.arraycopy(meanSquare, 0, actsOrNull.baseMeanSquare, 0, n);
                }
            }
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
        runBackward(w, acts, null, dUpdate, dOut, dIn, dWeights);
    }

    @Override
    public final synchronized void backwardThroughGradient(LstmWeights w, StepActivations acts, float[] gradient,
                                                           float[] dUpdate, LstmState dOut, LstmState dIn,
                                                           float[] dWeights, float[] dGradient) {
        if (w.config().preprocessing().kind() == Preprocessing.Kind.ADAM_NORMALISED) {
            throw new UnsupportedOperationException("backward through the gradient input needs LOG_SIGN or RAW"
                    + " preprocessing; ADAM_NORMALISED's moments would need adjoints of their own");
        }
        requireLength("gradient", gradient.length, acts.n);
        requireLength("dGradient", dGradient.length, acts.n);
        int size = w.config().preprocessing().inputs() * acts.n;
        if (dFeaturesBuffer.length != size) {
            dFeaturesBuffer = new float[size];
        }
        runBackward(w, acts, dFeaturesBuffer, dUpdate, dOut, dIn, dWeights);
        gradientThroughFeatures(gradient, dFeaturesBuffer, dGradient);
        BaseStep base = w.config().base();
        if (base.active()) {
            base.backward(gradient, acts.baseMean, acts.baseMeanSquare, acts.steps, dUpdate, dOut.baseTrace(),
                    dOut.baseMeanSquare(), dIn.baseTrace(), dIn.baseMeanSquare(), dGradient, baseStepBuffer(acts.n));
        }
    }

    private float[] traceBuffer(int n) {
        if (traceBuffer.length != n) {
            traceBuffer = new float[n];
        }
        return traceBuffer;
    }

    private float[] meanSquareBuffer(int n) {
        if (meanSquareBuffer.length != n) {
            meanSquareBuffer = new float[n];
        }
        return meanSquareBuffer;
    }

    private float[] baseStepBuffer(int n) {
        if (baseStepBuffer.length != n) {
            baseStepBuffer = new float[n];
        }
        return baseStepBuffer;
    }

    /**
     * Writes dL/dg<sub>i</sub> = Σ<sub>k</sub> dL/dx<sub>k,i</sub> · ∂x<sub>k,i</sub>/∂g<sub>i</sub> into
     * {@code dGradient}, from the feature gradients {@code dFeatures} [inputs × n, unit-major].
     */
    abstract void gradientThroughFeatures(float[] gradient, float[] dFeatures, float[] dGradient);

    /** The backward of either kind; {@code dFeaturesOrNull}, if given, receives dL/d(input features). */
    private void runBackward(LstmWeights w, StepActivations acts, float[] dFeaturesOrNull, float[] dUpdate,
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
        this.dFeatures = dFeaturesOrNull;
        try {
            int least = Math.max(BACKWARD_CHUNK, ceilDiv(n, MAX_BACKWARD_CHUNKS));
            int parts = split(n, ceilDiv(least, BACKWARD_CHUNK) * BACKWARD_CHUNK);
            if (chunkGradients.length < chunks) {
                chunkGradients = Arrays.copyOf(chunkGradients, chunks);
                for (int c = 0; c < chunks; c++) {
                    if (chunkGradients[c] == null) {
                        chunkGradients[c] = new double[gradientSum.length];
                    }
                }
            }
            beginCall();
            pool.run(backwardTask, parts);
        } finally {
            this.w = null;
            this.acts = null;
            this.dUpdate = null;
            this.dOut = null;
            this.dIn = null;
            this.dFeatures = null;
        }
        Arrays.fill(gradientSum, 0);
        for (int c = 0; c < chunks; c++) {
            double[] g = chunkGradients[c];
            for (int i = 0; i < gradientSum.length; i++) {
                gradientSum[i] += g[i];
            }
        }
        for (int i = 0; i < dWeights.length; i++) {
            dWeights[i] += (float) gradientSum[i];
        }
    }

    /** Sets up the chunks of [0, n) for a call and returns how many threads to use. */
    private int split(int n, int chunk) {
        LstmConfig config = w.config();
        if (!config.equals(prepared)) {
            prepare(config, threads());
            chunkGradients = new double[0][];
            gradientSum = new double[config.parameterCount()];
            prepared = config;
        }
        this.n = n;
        this.chunk = chunk;
        this.chunks = ceilDiv(n, chunk);
        nextChunk.set(0);
        return Math.max(1, Math.min(threads(), n / MIN_PER_THREAD));
    }

    private static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }

    private void forwardPart(int part) {
        for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
            int from = c * chunk;
            forwardRange(part, from, Math.min(n, from + chunk));
        }
    }

    private void backwardPart(int part) {
        for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
            int from = c * chunk;
            double[] g = chunkGradients[c];
            Arrays.fill(g, 0);
            backwardRange(part, from, Math.min(n, from + chunk), g);
        }
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
