package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.l2l4j.checkpointing.BackpropMemory;
import org.l2l4j.core.BatchGradient;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Trajectory;
import org.l2l4j.lstm.BaseStep;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmLearnedOptimizer;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.lstm.LstmState;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.Preprocessing;
import org.l2l4j.lstm.ReferenceLstm;
import org.l2l4j.optimizee.HiddenActivation;
import org.l2l4j.optimizee.MnistProblem;
import org.l2l4j.optimizee.TrainTestData;

class UnrolledBpttTest {

    private static final LstmConfig CONFIG = LstmConfig.defaults();
    private static final int UNROLL = 5;

    /** The paper's LSTM, and with RNNprop's Adam-normalised inputs, whose moments the state carries. */
    static List<LstmConfig> configs() {
        return List.of(CONFIG, new LstmConfig(2, 8, Preprocessing.adamNormalised(), 0.1)); // small: the FD test costs O(φ²)
    }

    /**
     * Each config under the paper's objective, and the log objective on a small log/sign LSTM, with and
     * without a Nesterov or an Adam-normalised base step or a magnitude head, whose state moves θ but does not depend on φ (the FD
     * test costs O(φ²)), or with training-progress inputs, which read the step count the state carries; and
     * Adam-normalised inputs with momentum inputs, whose momenta the state carries.
     */
    static List<Arguments> cases() {
        LstmConfig smallLogSign = new LstmConfig(2, 8, CONFIG.preprocessing(), CONFIG.outputScale());
        return List.of(Arguments.of(CONFIG, MetaObjective.MEAN_LOSS), Arguments.of(smallLogSign, MetaObjective.MEAN_LOG_LOSS),
                Arguments.of(smallLogSign.withBase(BaseStep.nesterov(0.1, 0.9)), MetaObjective.MEAN_LOG_LOSS),
                Arguments.of(smallLogSign.withBase(BaseStep.adam(0.05, 0.9, 0.999)), MetaObjective.MEAN_LOG_LOSS),
                Arguments.of(smallLogSign.withMagnitudeScale(1.5), MetaObjective.MEAN_LOG_LOSS),
                Arguments.of(new LstmConfig(2, 8, CONFIG.preprocessing().withStepFeatures(3), CONFIG.outputScale()),
                        MetaObjective.MEAN_LOG_LOSS),
                Arguments.of(configs().get(1), MetaObjective.MEAN_LOSS),
                Arguments.of(new LstmConfig(2, 6, Preprocessing.adamNormalised().withMomentumFeatures(3), 0.1),
                        MetaObjective.MEAN_LOSS));
    }

    /**
     * The float64 meta-problem of one unroll. The gradients fed to the optimizer are frozen at their
     * values along the unperturbed trajectory (the paper's first-order convention); L(φ) sums the
     * objective's term of f(θ<sub>t</sub>) over the unroll's K steps, θ<sub>t</sub> = θ<sub>0</sub> +
     * u<sub>0</sub> + … + u<sub>t-1</sub>.
     */
    private static final class DoubleUnroll {
        final LstmConfig config;
        final SmallQuadratic f;
        final MetaObjective objective;
        final double[][] frozen; // ∇_0..∇_K along the trajectory at the weights given to the constructor
        final double[] losses;   // f_0..f_K along it

        DoubleUnroll(LstmConfig config, SmallQuadratic f, double[] weights, MetaObjective objective) {
            this.config = config;
            this.f = f;
            this.objective = objective;
            this.frozen = new double[UNROLL + 1][f.n()];
            this.losses = new double[UNROLL + 1];
            double[] theta = f.theta0.clone();
            f.lossAndGradient(theta, frozen[0]);
            ReferenceLstm lstm = new ReferenceLstm(config, weights);
            ReferenceLstm.State[] state = zeros(f.n());
            for (int t = 0; t < UNROLL; t++) {
                for (int i = 0; i < f.n(); i++) {
                    ReferenceLstm.Step step = lstm.forward(frozen[t][i], state[i]);
                    theta[i] += step.update();
                    state[i] = step.out();
                }
                losses[t + 1] = f.lossAndGradient(theta, frozen[t + 1]);
            }
        }

        ReferenceLstm.State[] zeros(int n) {
            return LiveUnroll.zeros(config, n);
        }

        /** L(φ) with the frozen gradients as inputs. */
        double metaLoss(double[] weights) {
            ReferenceLstm lstm = new ReferenceLstm(config, weights);
            double[] theta = f.theta0.clone();
            ReferenceLstm.State[] state = zeros(f.n());
            double loss = 0;
            for (int t = 0; t < UNROLL; t++) {
                for (int i = 0; i < f.n(); i++) {
                    ReferenceLstm.Step step = lstm.forward(frozen[t][i], state[i]);
                    theta[i] += step.update();
                    state[i] = step.out();
                }
                loss += objective.term(f.lossAndGradient(theta, null));
            }
            return loss;
        }

        /** L(φ) with nothing frozen: each step's gradient is computed at the θ this φ reaches (the FULL meta-gradient's L). */
        double liveMetaLoss(double[] weights) {
            return liveMetaLoss(weights, f.theta0);
        }

        /** {@link #liveMetaLoss(double[])} from θ<sub>0</sub> = {@code theta0}. */
        double liveMetaLoss(double[] weights, double[] theta0) {
            return LiveUnroll.metaLoss(config, weights, (step, theta, gradient) -> f.lossAndGradient(theta, gradient),
                    theta0, UNROLL, objective);
        }

        /** ∂L/∂φ by BPTT with suffix sums Σ_{τ>t} ℓ'(f_τ) ∇_τ as the output gradients, coordinate by coordinate. */
        double[] suffixSumBptt(double[] weights) {
            ReferenceLstm lstm = new ReferenceLstm(config, weights);
            double[] dW = new double[weights.length];
            for (int i = 0; i < f.n(); i++) {
                ReferenceLstm.Step[] steps = new ReferenceLstm.Step[UNROLL];
                ReferenceLstm.State state = ReferenceLstm.State.zeros(config);
                for (int t = 0; t < UNROLL; t++) {
                    steps[t] = lstm.forward(frozen[t][i], state);
                    state = steps[t].out();
                }
                ReferenceLstm.State dState = ReferenceLstm.State.zeros(config);
                double suffix = 0;
                for (int t = UNROLL - 1; t >= 0; t--) {
                    suffix += frozen[t + 1][i] / (objective == MetaObjective.MEAN_LOSS ? 1 : losses[t + 1]);
                    dState = lstm.backward(steps[t], suffix, dState, dW);
                }
            }
            return dW;
        }
    }

    private static LstmLearnedOptimizer lstm(LstmConfig config, int threads) {
        return new LstmLearnedOptimizer(config, LstmKernel.create(threads));
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void suffixSumMetaGradientMatchesCentralDifferenceInFloat64(LstmConfig config, MetaObjective objective) {
        SmallQuadratic f = new SmallQuadratic(2, 3, 7);
        double[] weights = toDouble(LstmWeights.initial(config, 11).values());
        DoubleUnroll unroll = new DoubleUnroll(config, f, weights, objective);
        double[] analytic = unroll.suffixSumBptt(weights);

        double err = CentralDifferences.relativeError(CentralDifferences.of(weights, unroll::metaLoss), analytic);
        assertTrue(err < 1e-4, objective + ": relative error of the meta-gradient " + err);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void float32EstimatorMatchesTheFloat64MetaGradient(LstmConfig config, MetaObjective objective) {
        SmallQuadratic f = new SmallQuadratic(2, 3, 7);
        LstmWeights weights = LstmWeights.initial(config, 11);
        double[] expected = new DoubleUnroll(config, f, toDouble(weights.values()), objective).suffixSumBptt(toDouble(weights.values()));
        for (BackpropMemory memory : new BackpropMemory[] {BackpropMemory.storeAll(), BackpropMemory.checkpointed(2)}) {
            float[] metaGradient = new float[config.parameterCount()];
            LstmLearnedOptimizer rule = lstm(config, 1);
            new UnrolledBptt<>(rule, memory, objective, MetaGradient.FIRST_ORDER)
                    .unroll(weights.values(), new TruncatedStep<>(f.asOptimizee(), rule, UNROLL), UNROLL, metaGradient);
            // float32 arithmetic through 5 LSTM steps and gradients of size ~1: ~1e-6 relative observed.
            double err = CentralDifferences.relativeError(expected, toDouble(metaGradient));
            assertTrue(err < 1e-4, memory.describe() + ": relative error vs float64 " + err);
        }
    }

    /** The cases whose features can be differentiated with respect to the gradient (not Adam-normalised). */
    static List<Arguments> fullCases() {
        return cases().stream().filter(a -> ((LstmConfig) a.get()[0]).preprocessing().kind() != Preprocessing.Kind.ADAM_NORMALISED)
                .toList();
    }

    /**
     * The FULL meta-gradient, in float32 with its Hessian-vector products as central differences, against
     * central differences in float64 of the unroll's meta-loss with every gradient recomputed along the
     * way. On a quadratic the gradient is linear, so the products' differences are exact but for float32
     * rounding: 4e-8 to 1e-5 relative observed, tested at 1e-4. The first-order meta-gradient misses this
     * L's gradient by 6e-4 (small steps of an LSTM alone) to 1.6 (with a base step), so the test tells the two apart.
     */
    @ParameterizedTest
    @MethodSource("fullCases")
    void fullMetaGradientMatchesCentralDifferencesOfTheUnrolledLoss(LstmConfig config, MetaObjective objective) {
        SmallQuadratic f = new SmallQuadratic(2, 3, 7);
        // ten times the initial output scale: steps large enough that the later gradients feel them
        LstmWeights weights = LstmWeights.initial(config, 11).withOutputScaleFactor(10);
        double[] w = toDouble(weights.values());
        double[] numeric = CentralDifferences.of(w, new DoubleUnroll(weights.config(), f, w, objective)::liveMetaLoss);
        double[] errors = new double[2];
        for (MetaGradient kind : MetaGradient.values()) {
            float[] metaGradient = new float[config.parameterCount()];
            LstmLearnedOptimizer rule = lstm(weights.config(), 1);
            new UnrolledBptt<>(rule, BackpropMemory.checkpointed(2), objective, kind)
                    .unroll(weights.values(), new TruncatedStep<>(f.asOptimizee(), rule, UNROLL), UNROLL, metaGradient);
            errors[kind.ordinal()] = CentralDifferences.relativeError(numeric, toDouble(metaGradient));
        }
        double full = errors[MetaGradient.FULL.ordinal()];
        double firstOrder = errors[MetaGradient.FIRST_ORDER.ordinal()];
        assertTrue(full < 1e-4, "FULL: relative error " + full);
        assertTrue(firstOrder > 100 * full, "the first-order meta-gradient should miss this L's gradient by far more than"
                + " FULL's " + full + ", relative error " + firstOrder);
    }

    /**
     * ∂L/∂θ<sub>s</sub> under FULL (the adjoint run through step 0, with θ<sub>0</sub>'s Hessian) against central
     * differences in float64 of the unrolled loss over θ<sub>0</sub>; asking for it leaves ∂L/∂φ as it was but
     * for rounding (step 0's backward then also runs through the gradient input).
     */
    @ParameterizedTest
    @MethodSource("fullCases")
    void startGradientMatchesCentralDifferencesOfTheUnrolledLoss(LstmConfig config, MetaObjective objective) {
        SmallQuadratic f = new SmallQuadratic(2, 3, 7);
        LstmWeights weights = LstmWeights.initial(config, 11).withOutputScaleFactor(10);
        double[] w = toDouble(weights.values());
        DoubleUnroll unroll = new DoubleUnroll(weights.config(), f, w, objective);
        double[] numeric = CentralDifferences.of(f.theta0.clone(), theta0 -> unroll.liveMetaLoss(w, theta0));

        LstmLearnedOptimizer rule = lstm(weights.config(), 1);
        float[] withStart = new float[config.parameterCount()];
        float[] start = new float[f.n()];
        new UnrolledBptt<>(rule, BackpropMemory.checkpointed(2), objective, MetaGradient.FULL)
                .unroll(weights.values(), new TruncatedStep<>(f.asOptimizee(), rule, UNROLL), UNROLL, withStart, start);
        double err = CentralDifferences.relativeError(numeric, toDouble(start));
        assertTrue(err < 1e-4, "relative error of dL/dθ_s " + err);

        float[] without = new float[config.parameterCount()];
        new UnrolledBptt<>(rule, BackpropMemory.checkpointed(2), objective, MetaGradient.FULL)
                .unroll(weights.values(), new TruncatedStep<>(f.asOptimizee(), rule, UNROLL), UNROLL, without);
        double change = CentralDifferences.relativeError(toDouble(without), toDouble(withStart));
        assertTrue(change < 1e-6, "dL/dφ changed by " + change);
    }

    @Test
    void fullMetaGradientNeedsAnOptimizeeThatEvaluatesAMinibatchAgain() {
        SmallQuadratic f = new SmallQuadratic(2, 3, 7);
        Optimizee once = new Forwarding(f.asOptimizee()); // no lossAndGradientOnBatch
        LstmLearnedOptimizer rule = lstm(CONFIG, 1);
        UnrolledBptt<LstmState, ?> estimator = new UnrolledBptt<>(rule, BackpropMemory.storeAll(), MetaObjective.MEAN_LOSS,
                MetaGradient.FULL);
        TruncatedStep<LstmState> trajectory = new TruncatedStep<>(once, rule, UNROLL);
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> estimator.unroll(LstmWeights.initial(CONFIG, 1).values(), trajectory, UNROLL, new float[CONFIG.parameterCount()]));
        assertTrue(e.getMessage().contains("cannot evaluate an earlier minibatch again"), e.getMessage());
    }

    /**
     * With two threads, each Hessian-vector product's lower gradient runs on the optimizee's second evaluator
     * in a helper thread; every gradient is the same arithmetic as in one thread, so the meta-gradient (two
     * unrolls, the second from carried-over state, with ∂L/∂θ<sub>s</sub>) is the same to the bit.
     */
    @Test
    void concurrentHessianProductsGiveTheSameFullMetaGradientToTheBit() {
        MnistProblem mnist = new MnistProblem(TrainTestData.embedded(), 6, 1, HiddenActivation.SIGMOID, 16);
        LstmWeights weights = LstmWeights.initial(CONFIG, 3).withOutputScaleFactor(10);
        Thread caller = Thread.currentThread();
        AtomicInteger helperCalls = new AtomicInteger();
        float[][] results = new float[2][];
        float[][] starts = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Optimizee optimizee = new Forwarding(mnist.sample(4)) {
                @Override
                public double lossAndGradientOnBatch(long batch, float[] theta, float[] gradient) {
                    return inner.lossAndGradientOnBatch(batch, theta, gradient);
                }

                final BatchGradient second = inner.concurrentBatchGradient().orElseThrow();
                final BatchGradient counted = (batch, theta, gradient) -> {
                    if (Thread.currentThread() != caller) {
                        helperCalls.incrementAndGet();
                    }
                    return second.lossAndGradientOnBatch(batch, theta, gradient);
                };

                @Override
                public Optional<BatchGradient> concurrentBatchGradient() {
                    return Optional.of(counted);
                }
            };
            LstmLearnedOptimizer rule = lstm(CONFIG, threads);
            TruncatedStep<LstmState> trajectory = new TruncatedStep<>(optimizee, rule, 10);
            UnrolledBptt<LstmState, ?> estimator = new UnrolledBptt<>(rule, BackpropMemory.storeAll(),
                    MetaObjective.MEAN_LOSS, MetaGradient.FULL, threads);
            results[threads - 1] = new float[CONFIG.parameterCount()];
            starts[threads - 1] = new float[optimizee.dimension()];
            estimator.unroll(weights.values(), trajectory, 5, results[threads - 1]);
            estimator.unroll(weights.values(), trajectory, 5, results[threads - 1], starts[threads - 1]);
            assertEquals(threads == 1 ? 0 : 9, helperCalls.get(), "gradients in the helper thread, " + threads
                    + " thread(s): one per product, 4 per unroll of 5 steps and 1 for ∂L/∂θ_s");
        }
        assertArrayEquals(results[0], results[1], 0f);
        assertArrayEquals(starts[0], starts[1], 0f);
    }

    /** Each config with the first-order meta-gradient, and the log/sign one with the full meta-gradient too. */
    static List<Arguments> configsAndMetaGradients() {
        List<Arguments> cases = new java.util.ArrayList<>();
        for (LstmConfig config : configs()) {
            cases.add(Arguments.of(config, MetaGradient.FIRST_ORDER));
        }
        cases.add(Arguments.of(CONFIG, MetaGradient.FULL));
        return cases;
    }

    @ParameterizedTest
    @MethodSource("configsAndMetaGradients")
    void checkpointingGivesTheSameMetaGradientAsStoringAll(LstmConfig config, MetaGradient kind) {
        LstmWeights weights = LstmWeights.initial(config, 3);
        float[][] results = new float[3][];
        BackpropMemory[] memories = {BackpropMemory.storeAll(), BackpropMemory.checkpointed(3), BackpropMemory.checkpointed(1)};
        for (int m = 0; m < memories.length; m++) {
            SmallQuadratic f = new SmallQuadratic(20, 10, 5);
            LstmLearnedOptimizer rule = lstm(config, 2);
            TruncatedStep<LstmState> trajectory = new TruncatedStep<>(f.asOptimizee(), rule, 20);
            UnrolledBptt<LstmState, ?> estimator = new UnrolledBptt<>(rule, memories[m], MetaObjective.MEAN_LOSS, kind);
            results[m] = new float[config.parameterCount()];
            for (int u = 0; u < 2; u++) {  // two unrolls: the second starts from carried-over state
                java.util.Arrays.fill(results[m], 0f);
                estimator.unroll(weights.values(), trajectory, 10, results[m]);
            }
        }
        // The replay recomputes the same float operations on the same inputs as the live pass.
        assertArrayEquals(results[0], results[1], 0f);
        assertArrayEquals(results[0], results[2], 0f);
    }

    @Test
    void countedPeakBytesEqualThePlanAndCheckpointingHoldsLess() {
        LstmWeights weights = LstmWeights.initial(CONFIG, 3);
        SmallQuadratic f = new SmallQuadratic(20, 10, 5);
        long[] counted = new long[2];
        BackpropMemory[] memories = {BackpropMemory.storeAll(), BackpropMemory.checkpointed(4)};
        for (int m = 0; m < 2; m++) {
            LstmLearnedOptimizer rule = lstm(CONFIG, 1);
            UnrolledBptt<LstmState, ?> estimator = new UnrolledBptt<>(rule, memories[m], MetaObjective.MEAN_LOSS, MetaGradient.FIRST_ORDER);
            estimator.unroll(weights.values(), new TruncatedStep<>(f.asOptimizee(), rule, 16), 16,
                    new float[CONFIG.parameterCount()]);
            counted[m] = estimator.peakBytes();
            assertEquals(UnrolledBptt.plannedPeakBytes(memories[m], MetaGradient.FIRST_ORDER, CONFIG, f.n(), 16), counted[m]);
            assertEquals(UnrolledBptt.plannedPeakBytes(memories[m], MetaGradient.FIRST_ORDER, rule, f.n(), 16), counted[m]);
        }
        assertTrue(counted[1] * 2 < counted[0], "checkpointing every 4th of 16 steps holds less than half");
    }

    @Test
    void automaticSegmentStoresAllWhenItFitsTheBudgetAndCheckpointsOtherwise() {
        long storeAll = UnrolledBptt.plannedPeakBytes(BackpropMemory.storeAll(), MetaGradient.FIRST_ORDER, CONFIG, 15_910, 20);
        assertEquals(0, UnrolledBptt.automaticSegment(MetaGradient.FIRST_ORDER, CONFIG, 15_910, 20, storeAll));
        assertEquals(5, UnrolledBptt.automaticSegment(MetaGradient.FIRST_ORDER, CONFIG, 15_910, 20, storeAll - 1));
    }

    @Test
    void unrollsContinueTheTrajectoryWithoutRecomputingAnyGradient() {
        LstmWeights weights = LstmWeights.initial(CONFIG, 9);
        LstmKernel kernel = LstmKernel.create(1);
        SmallQuadratic f = new SmallQuadratic(4, 5, 1);
        LstmLearnedOptimizer rule = new LstmLearnedOptimizer(CONFIG, kernel);
        TruncatedStep<LstmState> trajectory = new TruncatedStep<>(f.asOptimizee(), rule, 12);
        UnrolledBptt<LstmState, ?> estimator = new UnrolledBptt<>(rule, BackpropMemory.checkpointed(2), MetaObjective.MEAN_LOSS, MetaGradient.FIRST_ORDER);
        double metaLoss = 0;
        float[] scratch = new float[CONFIG.parameterCount()];
        for (int k : new int[] {5, 5, 2}) {
            metaLoss += estimator.unroll(weights.values(), trajectory, k, scratch).metaLoss();
        }
        assertEquals(0, trajectory.remaining());
        assertEquals(13, f.evaluations, "θ_0 plus one gradient per step, none twice");

        // The same 12 steps as an ordinary optimizer run give the same parameters and losses.
        SmallQuadratic g = new SmallQuadratic(4, 5, 1);
        Trajectory run = Trajectory.run(g.asOptimizee(), new LstmOptimizer(weights, kernel), 12);
        double sum = 0;
        for (int t = 1; t <= 12; t++) {
            sum += run.loss(t);
        }
        assertEquals(sum, metaLoss, 1e-9 * Math.abs(sum));
    }

    /** An optimizee that forwards the three methods every optimizee has to {@code inner}, and nothing else. */
    private static class Forwarding implements Optimizee {

        final Optimizee inner;

        Forwarding(Optimizee inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public float[] initialParameters() {
            return inner.initialParameters();
        }

        @Override
        public double lossAndGradient(float[] theta, float[] gradient) {
            return inner.lossAndGradient(theta, gradient);
        }
    }
}
