package org.l2l4j.meta.train;

import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.checkpointing.ReplayableStep;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmState;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.StepActivations;

/**
 * The paper's first-order meta-gradient (∂∇<sub>t</sub>/∂φ = 0). With θ<sub>t</sub> = θ<sub>s</sub> +
 * u<sub>s</sub> + … + u<sub>t-1</sub> and L = Σ<sub>t=1..K</sub> ℓ(f(θ<sub>t</sub>; B<sub>t</sub>)) for the
 * {@link MetaObjective}'s ℓ, ∂L/∂u<sub>s</sub> = Σ<sub>t=s+1..K</sub> w<sub>t</sub> ∇<sub>t</sub> with
 * w<sub>t</sub> = ℓ'(f<sub>t</sub>): a weighted suffix sum of gradients the live pass has already computed. The meta-gradient is then plain BPTT of the LSTM with those suffix sums as output
 * gradients, so the optimizee is never differentiated twice and any network can be an optimizee.
 *
 * <p>The live pass keeps every ∇<sub>t</sub> (inputs and suffix sums both need them); what else it
 * keeps is up to the {@link BackpropMemory} scheme. Buffers are reused across unrolls of one size.
 */
public final class FirstOrderBptt implements MetaGradientEstimator {

    private final LstmKernel kernel;
    private final BackpropMemory memory;
    private final MetaObjective objective;
    private LstmReplay replay;
    private BackpropMemory.Unroll<LstmState, StepActivations> tape;
    private LstmState next;

    FirstOrderBptt(LstmKernel kernel, BackpropMemory memory, MetaObjective objective) {
        this.kernel = kernel;
        this.memory = memory;
        this.objective = objective;
    }

    @Override
    public UnrollResult unroll(LstmWeights weights, TruncatedTrajectory trajectory, int steps, float[] metaGradient) {
        prepare(weights.config(), trajectory.dimension(), steps);
        float[][] gradients = replay.gradients;
        replay.begin(weights, metaGradient);
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
        return tape == null ? 0 : tape.peakBytes() + gradientBytes(replay.n, replay.steps);
    }

    /**
     * Peak bytes an unroll of {@code steps} steps at {@code n} coordinates holds with {@code memory}:
     * what {@link #peakBytes()} counts after such an unroll, computed without allocating.
     */
    public static long plannedPeakBytes(BackpropMemory memory, LstmConfig config, int n, int steps) {
        return memory.peakBytes(steps, LstmState.bytes(config, n), StepActivations.bytes(config, n))
                + gradientBytes(n, steps);
    }

    /**
     * The checkpoint segment to use when the user gives none: 0 (keep every step's activations, no
     * replay) when that fits in {@code budgetBytes} for optimizees of {@code n} coordinates, else
     * ⌈√K⌉. Checkpointing costs one more LSTM forward per step, so it is only worth its time when
     * store-all memory would not fit.
     */
    public static int automaticSegment(LstmConfig config, int n, int unroll, long budgetBytes) {
        long storeAll = plannedPeakBytes(BackpropMemory.storeAll(), config, n, unroll);
        return storeAll <= budgetBytes ? 0 : BackpropMemory.defaultSegment(unroll);
    }

    /** ∇_0..∇_K, the running suffix sum and the update vector: the same for every scheme. */
    private static long gradientBytes(int n, int steps) {
        return (long) Float.BYTES * n * (steps + 3);
    }

    private void prepare(LstmConfig config, int n, int steps) {
        if (replay == null || replay.n != n || replay.steps != steps || !replay.config.equals(config)) {
            replay = new LstmReplay(kernel, config, n, steps);
            tape = memory.start(replay, steps);
            next = LstmState.zeros(config, n);
        }
    }

    /**
     * The LSTM step as BPTT sees it: step t reads the stored ∇<sub>t</sub>; its backward uses the suffix
     * sum Σ<sub>τ>t</sub> w<sub>τ</sub> ∇<sub>τ</sub> as ∂L/∂u<sub>t</sub>, kept as a running sum since backward
     * visits t = K-1 down to 0.
     */
    private static final class LstmReplay implements ReplayableStep<LstmState, StepActivations> {
        final LstmKernel kernel;
        final LstmConfig config;
        final int n;
        final int steps;
        final float[][] gradients;
        /** w<sub>t</sub>, the weight of ∇<sub>t</sub> in the suffix sums (index 0 unused: ∇<sub>0</sub> is an input only). */
        final float[] lossWeights;
        final float[] update;
        final float[] suffixSum;
        LstmWeights weights;
        float[] metaGradient;

        LstmReplay(LstmKernel kernel, LstmConfig config, int n, int steps) {
            this.kernel = kernel;
            this.config = config;
            this.n = n;
            this.steps = steps;
            this.gradients = new float[steps + 1][n];
            this.lossWeights = new float[steps + 1];
            this.update = new float[n];
            this.suffixSum = new float[n];
        }

        void begin(LstmWeights weights, float[] metaGradient) {
            this.weights = weights;
            this.metaGradient = metaGradient;
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

        @Override
        public void backward(int t, StepActivations acts, LstmState dOut, LstmState dIn) {
            if (t == steps - 1) {
                java.util.Arrays.fill(suffixSum, 0f);
            }
            float[] g = gradients[t + 1];
            float w = lossWeights[t + 1];
            for (int i = 0; i < n; i++) {
                suffixSum[i] += w * g[i];
            }
            kernel.backward(weights, acts, suffixSum, dOut, dIn, metaGradient);
        }
    }
}
