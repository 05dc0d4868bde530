package org.l2l4j.meta.train;

import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.checkpointing.ReplayableStep;
import org.l2l4j.core.Optimizee;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmState;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.StepActivations;

/**
 * The meta-gradient of one unroll by backpropagation through time. With θ<sub>t</sub> = θ<sub>s</sub> +
 * u<sub>s</sub> + … + u<sub>t-1</sub> and L = Σ<sub>t=1..K</sub> ℓ(f(θ<sub>t</sub>; B<sub>t</sub>)) for the
 * {@link MetaObjective}'s ℓ, the adjoint a<sub>t</sub> = ∂L/∂θ<sub>t</sub> runs backward as a<sub>t</sub> =
 * w<sub>t</sub>∇<sub>t</sub> + a<sub>t+1</sub> + H<sub>t</sub>·∂L/∂∇<sub>t</sub> with w<sub>t</sub> =
 * ℓ'(f<sub>t</sub>), and ∂L/∂u<sub>t</sub> = a<sub>t+1</sub> is the LSTM step's output gradient.
 *
 * <p>{@link MetaGradient#FIRST_ORDER}, the paper's, drops the Hessian term: a<sub>t</sub> is then the
 * weighted suffix sum Σ<sub>τ≥t</sub> w<sub>τ</sub>∇<sub>τ</sub> of gradients the live pass has already
 * computed, so the optimizee is never differentiated twice and any network can be an optimizee.
 * {@link MetaGradient#FULL} keeps it: the LSTM's backward also gives ∂L/∂∇<sub>t</sub> (through its input
 * features and the base step), and H<sub>t</sub>·v is the central difference (∇f(θ<sub>t</sub> + εv) −
 * ∇f(θ<sub>t</sub> − εv)) / 2ε on the minibatch B<sub>t</sub>, evaluated again.
 *
 * <p>The live pass keeps every ∇<sub>t</sub> (inputs and adjoints both need them), and under FULL every
 * θ<sub>t</sub>; what else it keeps is up to the {@link BackpropMemory} scheme. Buffers are reused across
 * unrolls of one size.
 */
public final class UnrolledBptt implements MetaGradientEstimator {

    /**
     * The central difference's step: the largest coordinate of θ moves by this fraction of max(‖θ‖∞, 1).
     * Chosen below the float32 optimum of a central difference, about ∛(float ε) ≈ 4e-3 relative, and not
     * tuned; on a quadratic any step is exact but for rounding (UnrolledBpttTest).
     */
    static final double HESSIAN_STEP = 1e-3;

    private final LstmKernel kernel;
    private final BackpropMemory memory;
    private final MetaObjective objective;
    private final MetaGradient kind;
    private LstmReplay replay;
    private BackpropMemory.Unroll<LstmState, StepActivations> tape;
    private LstmState next;

    UnrolledBptt(LstmKernel kernel, BackpropMemory memory, MetaObjective objective, MetaGradient kind) {
        this.kernel = kernel;
        this.memory = memory;
        this.objective = objective;
        this.kind = kind;
    }

    @Override
    public UnrollResult unroll(LstmWeights weights, TruncatedTrajectory trajectory, int steps, float[] metaGradient) {
        prepare(weights.config(), trajectory.dimension(), steps);
        float[][] gradients = replay.gradients;
        replay.begin(weights, metaGradient, trajectory.optimizee, trajectory.step());
        System.arraycopy(trajectory.gradient, 0, gradients[0], 0, gradients[0].length);

        float[] theta = trajectory.theta;
        float[] update = replay.update;
        double metaLoss = 0;
        double loss = Double.NaN;
        for (int t = 0; t < steps; t++) {
            StepActivations acts = tape.enter(t, trajectory.state);
            kernel.forward(weights, gradients[t], trajectory.state, next, update, acts);
            for (int i = 0; i < theta.length; i++) {
                theta[i] += update[i];
            }
            if (replay.thetas != null && t + 1 < steps) {
                System.arraycopy(theta, 0, replay.thetas[t + 1], 0, theta.length);
            }
            loss = trajectory.optimizee.lossAndGradient(theta, gradients[t + 1]);
            metaLoss += objective.term(loss);
            replay.lossWeights[t + 1] = objective.weight(loss);
            LstmState done = trajectory.state;
            trajectory.state = next;
            next = done;
        }
        System.arraycopy(gradients[steps], 0, trajectory.gradient, 0, trajectory.gradient.length);
        trajectory.advance(steps);
        UnrollResult result = new UnrollResult(steps, metaLoss, loss);
        if (result.finite()) {
            tape.backward();
        }
        return result;
    }

    /** Peak bytes held for BPTT so far: the scheme's buffers plus the stored optimizee gradients. */
    long peakBytes() {
        return tape == null ? 0 : tape.peakBytes() + vectorBytes(kind, replay.n, replay.steps);
    }

    /**
     * Peak bytes an unroll of {@code steps} steps at {@code n} coordinates holds with {@code memory}:
     * what {@link #peakBytes()} counts after such an unroll, computed without allocating.
     */
    public static long plannedPeakBytes(BackpropMemory memory, MetaGradient kind, LstmConfig config, int n, int steps) {
        return memory.peakBytes(steps, LstmState.bytes(config, n), StepActivations.bytes(config, n))
                + vectorBytes(kind, n, steps);
    }

    /**
     * The checkpoint segment to use when the user gives none: 0 (keep every step's activations, no
     * replay) when that fits in {@code budgetBytes} for optimizees of {@code n} coordinates, else
     * ⌈√K⌉. Checkpointing costs one more LSTM forward per step, so it is only worth its time when
     * store-all memory would not fit.
     */
    public static int automaticSegment(MetaGradient kind, LstmConfig config, int n, int unroll, long budgetBytes) {
        long storeAll = plannedPeakBytes(BackpropMemory.storeAll(), kind, config, n, unroll);
        return storeAll <= budgetBytes ? 0 : BackpropMemory.defaultSegment(unroll);
    }

    /**
     * ∇_0..∇_K, the adjoint and the update vector, the same for every scheme; under FULL also K rows for
     * θ_1..θ_K-1 (row 0 unused), ∂L/∂∇ and the Hessian-vector product's three vectors.
     */
    private static long vectorBytes(MetaGradient kind, int n, int steps) {
        return (long) Float.BYTES * n * (steps + 3 + (kind == MetaGradient.FULL ? steps + 4 : 0));
    }

    private void prepare(LstmConfig config, int n, int steps) {
        if (replay == null || replay.n != n || replay.steps != steps || !replay.config.equals(config)) {
            replay = new LstmReplay(kernel, config, n, steps, kind);
            tape = memory.start(replay, steps);
            next = LstmState.zeros(config, n);
        }
    }

    /**
     * The LSTM step as BPTT sees it: step t reads the stored ∇<sub>t</sub>; its backward uses the adjoint
     * a<sub>t+1</sub> as ∂L/∂u<sub>t</sub>, kept as a running vector since backward visits t = K-1 down to 0.
     */
    private static final class LstmReplay implements ReplayableStep<LstmState, StepActivations> {
        final LstmKernel kernel;
        final LstmConfig config;
        final int n;
        final int steps;
        final float[][] gradients;
        /** w<sub>t</sub>, the weight of ∇<sub>t</sub> in the adjoints (index 0 unused: ∇<sub>0</sub> is an input only). */
        final float[] lossWeights;
        final float[] update;
        final float[] adjoint;
        /** FULL only (else null): θ<sub>1</sub>..θ<sub>K-1</sub> (index 0 unused), ∂L/∂∇<sub>t</sub>, and scratch. */
        final float[][] thetas;
        final float[] gradientAdjoint;
        final float[] shifted;
        final float[] gradientUp;
        final float[] gradientDown;
        LstmWeights weights;
        float[] metaGradient;
        Optimizee optimizee;
        /** The optimizee's call number of ∇<sub>0</sub> of this unroll: ∇<sub>t</sub> came from call first + t. */
        long firstBatch;

        LstmReplay(LstmKernel kernel, LstmConfig config, int n, int steps, MetaGradient kind) {
            this.kernel = kernel;
            this.config = config;
            this.n = n;
            this.steps = steps;
            this.gradients = new float[steps + 1][n];
            this.lossWeights = new float[steps + 1];
            this.update = new float[n];
            this.adjoint = new float[n];
            boolean full = kind == MetaGradient.FULL;
            this.thetas = full ? new float[steps][n] : null;
            this.gradientAdjoint = full ? new float[n] : null;
            this.shifted = full ? new float[n] : null;
            this.gradientUp = full ? new float[n] : null;
            this.gradientDown = full ? new float[n] : null;
        }

        void begin(LstmWeights weights, float[] metaGradient, Optimizee optimizee, long firstBatch) {
            this.weights = weights;
            this.metaGradient = metaGradient;
            this.optimizee = optimizee;
            this.firstBatch = firstBatch;
        }

        @Override
        public LstmState newState() {
            return LstmState.zeros(config, n);
        }

        @Override
        public StepActivations newActivations() {
            return StepActivations.allocate(config, n);
        }

        @Override
        public void copyState(LstmState from, LstmState to) {
            to.copyFrom(from);
        }

        @Override
        public void clearState(LstmState state) {
            state.clear();
        }

        @Override
        public long stateBytes() {
            return LstmState.bytes(config, n);
        }

        @Override
        public long activationBytes() {
            return StepActivations.bytes(config, n);
        }

        @Override
        public void replay(int t, LstmState in, LstmState out, StepActivations acts) {
            kernel.forward(weights, gradients[t], in, out, update, acts);
        }

        /**
         * Turns the adjoint into a<sub>t+1</sub> = w<sub>t+1</sub>∇<sub>t+1</sub> + a<sub>t+2</sub> (+
         * H<sub>t+1</sub>·∂L/∂∇<sub>t+1</sub> under FULL, from the step after this one), then backpropagates
         * step t with it; under FULL, for t &gt; 0, that also gives ∂L/∂∇<sub>t</sub> for the next call (at
         * t = 0 it would multiply θ<sub>0</sub>'s Hessian, and θ<sub>0</sub> is the unroll's fixed start).
         */
        @Override
        public void backward(int t, StepActivations acts, LstmState dOut, LstmState dIn) {
            if (t == steps - 1) {
                java.util.Arrays.fill(adjoint, 0f);
            }
            float[] g = gradients[t + 1];
            float w = lossWeights[t + 1];
            for (int i = 0; i < n; i++) {
                adjoint[i] += w * g[i];
            }
            if (thetas == null) {
                kernel.backward(weights, acts, adjoint, dOut, dIn, metaGradient);
                return;
            }
            if (t < steps - 1) {
                addHessianProduct(t + 1, gradientAdjoint, adjoint);
            }
            if (t > 0) {
                kernel.backwardThroughGradient(weights, acts, gradients[t], adjoint, dOut, dIn, metaGradient,
                        gradientAdjoint);
            } else {
                kernel.backward(weights, acts, adjoint, dOut, dIn, metaGradient);
            }
        }

        /** Adds H<sub>t</sub>·v to {@code into}: a central difference of gradients on B<sub>t</sub> at θ<sub>t</sub>. */
        private void addHessianProduct(int t, float[] v, float[] into) {
            float[] theta = thetas[t];
            double vMax = 0;
            double thetaMax = 0;
            for (int i = 0; i < n; i++) {
                vMax = Math.max(vMax, Math.abs(v[i]));
                thetaMax = Math.max(thetaMax, Math.abs(theta[i]));
            }
            if (vMax == 0) {
                return;
            }
            float epsilon = (float) (HESSIAN_STEP * Math.max(thetaMax, 1) / vMax);
            long batch = firstBatch + t;
            for (int i = 0; i < n; i++) {
                shifted[i] = theta[i] + epsilon * v[i];
            }
            optimizee.lossAndGradientOnBatch(batch, shifted, gradientUp);
            for (int i = 0; i < n; i++) {
                shifted[i] = theta[i] - epsilon * v[i];
            }
            optimizee.lossAndGradientOnBatch(batch, shifted, gradientDown);
            float half = 0.5f / epsilon;
            for (int i = 0; i < n; i++) {
                into[i] += (gradientUp[i] - gradientDown[i]) * half;
            }
        }
    }
}
