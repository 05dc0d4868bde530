package org.l2l4j.meta.train;

import java.util.Arrays;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.checkpointing.ReplayableStep;
import org.l2l4j.core.Episode;
import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizee;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmState;
import org.l2l4j.lstm.StepActivations;

/**
 * The meta-gradient of one unroll by backpropagation through time. With θ<sub>t</sub> = θ<sub>s</sub> +
 * u<sub>s</sub> + … + u<sub>t-1</sub> and L = Σ<sub>t=1..K</sub> ℓ(f(θ<sub>t</sub>; B<sub>t</sub>)) for the
 * {@link MetaObjective}'s ℓ, the adjoint a<sub>t</sub> = ∂L/∂θ<sub>t</sub> runs backward as a<sub>t</sub> =
 * w<sub>t</sub>∇<sub>t</sub> + a<sub>t+1</sub> + H<sub>t</sub>·∂L/∂∇<sub>t</sub> with w<sub>t</sub> =
 * ℓ'(f<sub>t</sub>), and ∂L/∂u<sub>t</sub> = a<sub>t+1</sub> is the optimizer step's output gradient. The
 * optimizer is any {@link LearnedOptimizer}; its step's backward gives ∂L/∂φ.
 *
 * <p>{@link MetaGradient#FIRST_ORDER}, the paper's, drops the Hessian term: a<sub>t</sub> is then the
 * weighted suffix sum Σ<sub>τ≥t</sub> w<sub>τ</sub>∇<sub>τ</sub> of gradients the live pass has already
 * computed, so the optimizee is never differentiated twice and any network can be an optimizee.
 * {@link MetaGradient#FULL} keeps it: the optimizer's backward also gives ∂L/∂∇<sub>t</sub> (for the LSTM,
 * through its input features and the base step), and H<sub>t</sub>·v is the central difference (∇f(θ<sub>t</sub> + εv) −
 * ∇f(θ<sub>t</sub> − εv)) / 2ε on the minibatch B<sub>t</sub>, evaluated again.
 *
 * <p>The live pass keeps every ∇<sub>t</sub> (inputs and adjoints both need them), and under FULL every
 * θ<sub>t</sub>; what else it keeps is up to the {@link BackpropMemory} scheme. Buffers are reused across
 * unrolls of one size.
 *
 * <p>Under {@link MetaObjective#QUERY_LOSS} L is the query loss at θ<sub>K</sub> alone: every w<sub>t</sub>
 * is 0 and a<sub>K</sub> is the query gradient, computed once after the live pass's last step.
 *
 * <p>The adjoint run one step further is ∂L/∂θ<sub>s</sub> of the unroll's start, a<sub>0</sub> =
 * a<sub>1</sub> + H<sub>0</sub>·∂L/∂∇<sub>0</sub> (first-order: a<sub>1</sub>), given on request: what a
 * learned initialisation needs. It costs nothing first-order, and one more Hessian-vector product under FULL.
 *
 * @param <S> the learned optimizer's state
 * @param <A> what its step records for the backward
 */
public final class UnrolledBptt<S, A> implements MetaGradientEstimator<S> {

    private final LearnedOptimizer<S, A> rule;
    private final BackpropMemory memory;
    private final MetaObjective objective;
    private final MetaGradient kind;
    private final CentralDifference hessian; // FULL only, else null
    private Replay replay;
    private BackpropMemory.Unroll<S, A> tape;

    /** Hessian-vector products, under FULL, in one thread. */
    UnrolledBptt(LearnedOptimizer<S, A> rule, BackpropMemory memory, MetaObjective objective, MetaGradient kind) {
        this(rule, memory, objective, kind, 1);
    }

    /**
     * @param threads under FULL, 2 or more lets the two gradients of each Hessian-vector product run at once
     *                (where the optimizee has a {@linkplain Optimizee#concurrentBatchGradient() second
     *                evaluator}); the numbers are the same with any count
     */
    UnrolledBptt(LearnedOptimizer<S, A> rule, BackpropMemory memory, MetaObjective objective, MetaGradient kind,
                 int threads) {
        this.rule = rule;
        this.memory = memory;
        this.objective = objective;
        this.kind = kind;
        this.hessian = kind == MetaGradient.FULL ? new CentralDifference(threads > 1) : null;
    }

    @Override
    public UnrollResult unroll(float[] phi, TruncatedStep<S> trajectory, int steps, float[] metaGradient,
                               float[] startGradientOrNull) {
        prepare(trajectory.dimension(), steps);
        replay.begin(phi, metaGradient, trajectory.optimizee(), trajectory.step(), startGradientOrNull != null);
        if (startGradientOrNull != null && replay.thetas != null) {
            replay.thetas[0] = trajectory.theta(); // H_0's point
        }
        trajectory.advance(rule, phi, steps, replay);
        UnrollResult result = new UnrollResult(steps, replay.metaLoss, replay.lastLoss);
        if (result.finite()) {
            tape.backward();
            if (startGradientOrNull != null) {
                replay.startGradient(startGradientOrNull);
            }
        }
        return result;
    }

    /** Peak bytes held for BPTT so far: the scheme's buffers plus the stored optimizee gradients. */
    long peakBytes() {
        return tape == null ? 0 : tape.peakBytes() + vectorBytes(kind, replay.n, replay.steps)
                + (replay.queryGradient == null ? 0 : (long) Float.BYTES * replay.n);
    }

    /**
     * Peak bytes an unroll of {@code steps} steps at {@code n} coordinates holds with {@code memory}:
     * what {@link #peakBytes()} counts after such an unroll, computed without allocating.
     */
    static long plannedPeakBytes(BackpropMemory memory, MetaGradient kind, LearnedOptimizer<?, ?> rule, int n,
                                 int steps) {
        return memory.peakBytes(steps, rule.stateBytes(n), rule.activationBytes(n)) + vectorBytes(kind, n, steps);
    }

    /** {@link #plannedPeakBytes(BackpropMemory, MetaGradient, LearnedOptimizer, int, int)} for the LSTM of {@code config}. */
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
     * θ_0..θ_K-1 (row 0 only for ∂L/∂θ_s), ∂L/∂∇ and the {@link CentralDifference}'s vectors.
     */
    private static long vectorBytes(MetaGradient kind, int n, int steps) {
        return (long) Float.BYTES * n * (steps + 3 + (kind == MetaGradient.FULL ? steps + 1 : 0))
                + (kind == MetaGradient.FULL ? CentralDifference.bytes(n) : 0);
    }

    private void prepare(int n, int steps) {
        if (replay == null || replay.n != n || replay.steps != steps) {
            replay = new Replay(n, steps);
            tape = memory.start(replay, steps);
        }
    }

    /**
     * The optimizer step as BPTT sees it: the live pass records through it ({@link TruncatedStep.Tape});
     * step t reads the stored ∇<sub>t</sub>; its backward uses the adjoint a<sub>t+1</sub> as
     * ∂L/∂u<sub>t</sub>, kept as a running vector since backward visits t = K-1 down to 0.
     */
    private final class Replay implements ReplayableStep<S, A>, TruncatedStep.Tape<S, A> {
        final int n;
        final int steps;
        final float[][] gradients;
        /** w<sub>t</sub>, the weight of ∇<sub>t</sub> in the adjoints (index 0 unused: ∇<sub>0</sub> is an input only). */
        final float[] lossWeights;
        final float[] update;
        final float[] adjoint;
        /** FULL only (else null): θ<sub>0</sub>..θ<sub>K-1</sub> (θ<sub>0</sub> only for ∂L/∂θ<sub>s</sub>) and ∂L/∂∇<sub>t</sub>. */
        final float[][] thetas;
        final float[] gradientAdjoint;
        /** QUERY_LOSS only (else null): the query gradient at θ<sub>K</sub>, a<sub>K</sub>. */
        final float[] queryGradient;
        float[] phi;
        float[] metaGradient;
        Optimizee optimizee;
        /** The optimizee's call number of ∇<sub>0</sub> of this unroll: ∇<sub>t</sub> came from call first + t. */
        long firstBatch;
        /** Whether step 0's backward goes on to ∂L/∂θ<sub>s</sub>. */
        boolean toStart;
        double metaLoss;
        double lastLoss;

        Replay(int n, int steps) {
            this.n = n;
            this.steps = steps;
            this.gradients = new float[steps + 1][n];
            this.lossWeights = new float[steps + 1];
            this.update = new float[n];
            this.adjoint = new float[n];
            boolean full = kind == MetaGradient.FULL;
            this.thetas = full ? new float[steps][n] : null;
            this.gradientAdjoint = full ? new float[n] : null;
            this.queryGradient = objective == MetaObjective.QUERY_LOSS ? new float[n] : null;
        }

        void begin(float[] phi, float[] metaGradient, Optimizee optimizee, long firstBatch, boolean toStart) {
            if (queryGradient != null && !(optimizee instanceof Episode)) {
                throw new IllegalArgumentException("the query-loss objective needs a few-shot task (support and query"
                        + " sets), not a " + optimizee.getClass().getSimpleName());
            }
            this.phi = phi;
            this.metaGradient = metaGradient;
            this.optimizee = optimizee;
            this.firstBatch = firstBatch;
            this.toStart = toStart;
            this.metaLoss = 0;
            this.lastLoss = Double.NaN;
        }

        @Override
        public A enter(int t, S stateIn) {
            return tape.enter(t, stateIn);
        }

        @Override
        public float[] gradient(int t) {
            return gradients[t];
        }

        @Override
        public void reached(int t, float[] theta, double loss) {
            if (thetas != null && t < steps) {
                System.arraycopy(theta, 0, thetas[t], 0, n);
            }
            metaLoss += objective.term(loss);
            lossWeights[t] = objective.weight(loss);
            lastLoss = loss;
            if (queryGradient != null && t == steps) {
                metaLoss = ((Episode) optimizee).queryLoss(theta, queryGradient);
            }
        }

        @Override
        public S newState() {
            return rule.newState(n);
        }

        @Override
        public A newActivations() {
            return rule.newActivations(n);
        }

        @Override
        public void copyState(S from, S to) {
            rule.copyState(from, to);
        }

        @Override
        public void clearState(S state) {
            rule.clearState(state);
        }

        @Override
        public long stateBytes() {
            return rule.stateBytes(n);
        }

        @Override
        public long activationBytes() {
            return rule.activationBytes(n);
        }

        @Override
        public void replay(int t, S in, S out, A acts) {
            rule.forward(phi, gradients[t], in, out, update, acts);
        }

        /**
         * Turns the adjoint into a<sub>t+1</sub> = w<sub>t+1</sub>∇<sub>t+1</sub> + a<sub>t+2</sub> (+
         * H<sub>t+1</sub>·∂L/∂∇<sub>t+1</sub> under FULL, from the step after this one), then backpropagates
         * step t with it; under FULL, for t &gt; 0, that also gives ∂L/∂∇<sub>t</sub> for the next call (at
         * t = 0 it would multiply θ<sub>0</sub>'s Hessian, and θ<sub>0</sub> is the unroll's fixed start,
         * unless ∂L/∂θ<sub>s</sub> is asked for).
         */
        @Override
        public void backward(int t, A acts, S dOut, S dIn) {
            if (t == steps - 1) {
                if (queryGradient != null) {
                    System.arraycopy(queryGradient, 0, adjoint, 0, n);
                } else {
                    Arrays.fill(adjoint, 0f);
                }
            }
            float[] g = gradients[t + 1];
            float w = lossWeights[t + 1];
            for (int i = 0; i < n; i++) {
                adjoint[i] += w * g[i];
            }
            if (thetas != null && t < steps - 1) {
                addHessianProduct(t + 1, gradientAdjoint, adjoint);
            }
            boolean throughGradient = thetas != null && (t > 0 || toStart);
            rule.backward(phi, acts, gradients[t], adjoint, dOut, dIn, metaGradient,
                    throughGradient ? gradientAdjoint : null);
        }

        /** ∂L/∂θ<sub>s</sub> = a<sub>1</sub> (+ H<sub>0</sub>·∂L/∂∇<sub>0</sub> under FULL), after the backward. */
        void startGradient(float[] into) {
            System.arraycopy(adjoint, 0, into, 0, n);
            if (thetas != null) {
                addHessianProduct(0, gradientAdjoint, into);
            }
        }

        /** Adds H<sub>t</sub>·v to {@code into}: a central difference of gradients on B<sub>t</sub> at θ<sub>t</sub>. */
        private void addHessianProduct(int t, float[] v, float[] into) {
            hessian.addProduct(optimizee, firstBatch + t, thetas[t], v, into);
        }
    }
}
