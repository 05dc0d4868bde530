package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2l4j.core.VectorApi;

/** Both float32 kernels against the float64 reference, on every preprocessing branch and awkward sizes. */
class LstmKernelTest {

    /**
     * Forward: each output is a float32 dot product of ≤ 41 terms of size ≲ 1 followed by activations, so
     * its error is a few float ulps of 1 (~1e-7); 1e-5·(1 + |ref|) leaves two orders of margin while a
     * wrong weight, gate or branch changes outputs by > 1e-3.
     */
    private static final double FORWARD_TOL = 1e-5;
    /**
     * Backward: dL/dφ sums n per-coordinate float32 products; measured against max(|ref|, rms of that
     * block) the error stays below 1e-6, tested at 2e-5.
     */
    private static final double BACKWARD_TOL = 2e-5;

    enum Kind {
        PLAIN(Kernels::plain), VECTOR(Kernels::vector);

        final IntFunction<LstmKernel> factory;

        Kind(IntFunction<LstmKernel> factory) {
            this.factory = factory;
        }
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : kinds()) {
            for (LstmConfig config : TestData.configs()) {
                // 1: less than one vector; 3, 37: odd remainders; 1001: several tiles plus a remainder
                for (int n : new int[] {1, 3, 37, 1001}) {
                    cases.add(Arguments.of(kind, config, n));
                }
            }
        }
        return cases;
    }

    static List<Kind> kinds() {
        return VectorApi.present() ? List.of(Kind.PLAIN, Kind.VECTOR) : List.of(Kind.PLAIN);
    }

    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("cases")
    void forwardAndBackwardMatchFloat64Reference(Kind kind, LstmConfig config, int n) {
        LstmKernel kernel = kind.factory.apply(1);
        LstmWeights w = TestData.weights(config, 21);
        float[] gradient = TestData.gradients(n, 22);
        LstmState in = TestData.state(config, n, 23);
        LstmState out = LstmState.zeros(config, n);
        float[] update = new float[n];
        StepActivations acts = StepActivations.allocate(config, n);
        kernel.forward(w, gradient, in, out, update, acts);

        float[] dUpdate = TestData.normal(n, 1, 24);
        LstmState dOut = TestData.state(config, n, 25);
        LstmState dIn = LstmState.zeros(config, n);
        float[] dWeights = TestData.normal(config.parameterCount(), 0.1, 26); // backward adds to it
        float[] dWeightsBefore = dWeights.clone();
        kernel.backward(w, acts, dUpdate, dOut, dIn, dWeights);

        ReferenceLstm ref = new ReferenceLstm(config, ReferenceLstm.toDouble(w.values()));
        double[] refDW = new double[config.parameterCount()];
        double worstForward = 0;
        double worstState = 0;
        for (int i = 0; i < n; i++) {
            ReferenceLstm.Step step = ref.forward(gradient[i], TestData.coordinate(in, i));
            ReferenceLstm.State refDIn = ref.backward(step, dUpdate[i], TestData.coordinate(dOut, i), refDW);
            worstForward = Math.max(worstForward, error(update[i], step.update()));
            ReferenceLstm.State got = TestData.coordinate(out, i);
            ReferenceLstm.State gotDIn = TestData.coordinate(dIn, i);
            worstForward = Math.max(worstForward, error(got.mean(), step.out().mean()));
            worstForward = Math.max(worstForward, error(got.meanSquare(), step.out().meanSquare()));
            for (int j = 0; j < got.momenta().length; j++) {
                worstForward = Math.max(worstForward, error(got.momenta()[j], step.out().momenta()[j]));
            }
            worstForward = Math.max(worstForward, error(got.trace(), step.out().trace()));
            worstForward = Math.max(worstForward, error(got.baseMeanSquare(), step.out().baseMeanSquare()));
            assertEquals(step.out().steps(), got.steps(), "step count");
            for (int l = 0; l < config.layers(); l++) {
                for (int j = 0; j < config.hidden(); j++) {
                    worstForward = Math.max(worstForward, error(got.h()[l][j], step.out().h()[l][j]));
                    worstForward = Math.max(worstForward, error(got.c()[l][j], step.out().c()[l][j]));
                    worstState = Math.max(worstState, error(gotDIn.h()[l][j], refDIn.h()[l][j]));
                    worstState = Math.max(worstState, error(gotDIn.c()[l][j], refDIn.c()[l][j]));
                }
            }
        }
        assertTrue(worstForward <= FORWARD_TOL, "forward error " + worstForward);
        assertTrue(worstState <= FORWARD_TOL, "dL/d(incoming state) error " + worstState);
        double rms = rms(refDW);
        double worstWeights = 0;
        for (int k = 0; k < refDW.length; k++) {
            double got = dWeights[k] - (double) dWeightsBefore[k];
            worstWeights = Math.max(worstWeights, Math.abs(got - refDW[k]) / Math.max(Math.abs(refDW[k]), rms));
        }
        assertTrue(worstWeights <= BACKWARD_TOL, "dL/dφ error " + worstWeights + " relative to max(|ref|, rms " + rms + ")");
    }

    static List<Arguments> gradientCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : kinds()) {
            for (LstmConfig config : ReferenceLstmTest.gradientConfigs()) {
                for (int n : new int[] {3, 1001}) {
                    cases.add(Arguments.of(kind, config, n));
                }
            }
        }
        return cases;
    }

    /**
     * The backward through the gradient input: its dL/dφ and dL/d(h, c) are those of {@link LstmKernel#backward}
     * bit for bit, and dL/dg and dL/d(incoming trace) match the float64 reference. dL/dg is a float32 sum of
     * 4H products, scaled by ∂x/∂g (1/(p·g), up to e<sup>p</sup>): within 1e-5 of (1 + |ref| + Σ|∂x/∂g|).
     */
    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("gradientCases")
    void backwardThroughTheGradientMatchesFloat64Reference(Kind kind, LstmConfig config, int n) {
        LstmKernel kernel = kind.factory.apply(1);
        LstmWeights w = TestData.weights(config, 41);
        float[] gradient = TestData.gradients(n, 42);
        LstmState in = TestData.state(config, n, 43);
        LstmState out = LstmState.zeros(config, n);
        StepActivations acts = StepActivations.allocate(config, n);
        kernel.forward(w, gradient, in, out, new float[n], acts);
        float[] dUpdate = TestData.normal(n, 1, 44);
        LstmState dOut = TestData.state(config, n, 45);

        LstmState dInFirstOrder = LstmState.zeros(config, n);
        float[] dWeightsFirstOrder = new float[config.parameterCount()];
        kernel.backward(w, acts, dUpdate, dOut, dInFirstOrder, dWeightsFirstOrder);
        LstmState dIn = LstmState.zeros(config, n);
        float[] dWeights = new float[config.parameterCount()];
        float[] dGradient = new float[n];
        kernel.backwardThroughGradient(w, acts, gradient, dUpdate, dOut, dIn, dWeights, dGradient);
        assertArrayEquals(dWeightsFirstOrder, dWeights, 0f, "dL/dφ");
        for (int l = 0; l < config.layers(); l++) {
            assertArrayEquals(dInFirstOrder.h(l), dIn.h(l), 0f, "dL/dh_in");
            assertArrayEquals(dInFirstOrder.c(l), dIn.c(l), 0f, "dL/dc_in");
        }

        ReferenceLstm ref = new ReferenceLstm(config, ReferenceLstm.toDouble(w.values()));
        double worst = 0;
        double size = 0;
        for (int i = 0; i < n; i++) {
            ReferenceLstm.Backward back = ref.backwardThroughGradient(ref.forward(gradient[i], TestData.coordinate(in, i)),
                    dUpdate[i], TestData.coordinate(dOut, i), new double[config.parameterCount()]);
            // float32 dL/dx carries ~1e-6 of its terms' size, which ∂x/∂g (up to e^p) magnifies
            double magnification = Arrays.stream(ref.featureDerivatives(gradient[i])).map(Math::abs).sum();
            worst = Math.max(worst, Math.abs(dGradient[i] - back.dGradient()) / (1 + Math.abs(back.dGradient()) + magnification));
            if (config.base().active()) {
                worst = Math.max(worst, error(dIn.baseTrace()[i], back.dIn().trace()));
            }
            if (config.base().normalised()) {
                worst = Math.max(worst, error(dIn.baseMeanSquare()[i], back.dIn().baseMeanSquare()));
            }
            size += Math.abs(back.dGradient());
        }
        assertTrue(worst <= FORWARD_TOL, "dL/dg, dL/d trace error " + worst);
        assertTrue(size > 1e-3, "dL/dg must not vanish, Σ|ref| = " + size);
    }

    @Test
    void backwardThroughTheGradientRefusesAdamNormalisedFeatures() {
        LstmConfig config = new LstmConfig(1, 4, Preprocessing.adamNormalised(), 0.1);
        int n = 3;
        LstmKernel kernel = Kernels.plain(1);
        LstmWeights w = TestData.weights(config, 1);
        StepActivations acts = StepActivations.allocate(config, n);
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> kernel.backwardThroughGradient(w, acts, new float[n], new float[n], LstmState.zeros(config, n),
                        LstmState.zeros(config, n), new float[config.parameterCount()], new float[n]));
        assertTrue(e.getMessage().contains("ADAM_NORMALISED"), e.getMessage());
    }

    /** |got − ref| / (1 + |ref|). */
    private static double error(double got, double ref) {
        return Math.abs(got - ref) / (1 + Math.abs(ref));
    }

    private static double rms(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s / v.length);
    }

    /** Each kernel with the paper's config and with RNNprop's Adam-normalised inputs, which carry state. */
    static List<Arguments> kernelsAndPreprocessings() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : kinds()) {
            cases.add(Arguments.of(kind, LstmConfig.defaults()));
            cases.add(Arguments.of(kind, new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1)));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndPreprocessings")
    void oneAndTwoThreadsGiveTheSameResult(Kind kind, LstmConfig config) {
        // large enough to be split, several forward and backward chunks, not aligned
        int n = 2 * PartitionedKernel.BACKWARD_CHUNK + 2 * PartitionedKernel.MIN_PER_THREAD + 7;
        LstmWeights w = TestData.weights(config, 31);
        float[] gradient = TestData.gradients(n, 32);
        LstmState in = TestData.state(config, n, 33);
        float[] dUpdate = TestData.normal(n, 1, 34);
        LstmState dOut = TestData.state(config, n, 35);

        Result one = step(kind.factory.apply(1), w, gradient, in, dUpdate, dOut);
        Result two = step(kind.factory.apply(2), w, gradient, in, dUpdate, dOut);
        assertArrayEquals(one.update, two.update, "updates");
        for (int l = 0; l < config.layers(); l++) {
            assertArrayEquals(one.out.h(l), two.out.h(l), "h of layer " + l);
            assertArrayEquals(one.out.c(l), two.out.c(l), "c of layer " + l);
            assertArrayEquals(one.dIn.h(l), two.dIn.h(l), "dL/dh of layer " + l);
            assertArrayEquals(one.dIn.c(l), two.dIn.c(l), "dL/dc of layer " + l);
        }
        assertArrayEquals(one.out.gradientMean(), two.out.gradientMean(), "m");
        assertArrayEquals(one.out.gradientMeanSquare(), two.out.gradientMeanSquare(), "v");
        assertArrayEquals(one.out.baseTrace(), two.out.baseTrace(), "base trace");
        assertArrayEquals(one.out.baseMeanSquare(), two.out.baseMeanSquare(), "base v");
        // dL/dφ adds per-chunk float64 partial sums in chunk order, and chunks depend on n only
        assertArrayEquals(one.dWeights, two.dWeights, "dL/dφ");
        // and a second run with the same inputs gives bit-identical numbers
        Result again = step(kind.factory.apply(2), w, gradient, in, dUpdate, dOut);
        assertArrayEquals(two.dWeights, again.dWeights, "dL/dφ, same threads twice");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndPreprocessings")
    void forwardWithoutActivationsGivesTheSameStep(Kind kind, LstmConfig config) {
        int n = 777;
        LstmKernel kernel = kind.factory.apply(1);
        LstmWeights w = TestData.weights(config, 41);
        float[] gradient = TestData.gradients(n, 42);
        LstmState in = TestData.state(config, n, 43);
        LstmState withActs = LstmState.zeros(config, n);
        LstmState without = LstmState.zeros(config, n);
        float[] u1 = new float[n];
        float[] u2 = new float[n];
        kernel.forward(w, gradient, in, withActs, u1, StepActivations.allocate(config, n));
        kernel.forward(w, gradient, in, without, u2, null);
        assertArrayEquals(u1, u2);
        for (int l = 0; l < config.layers(); l++) {
            assertArrayEquals(withActs.h(l), without.h(l));
            assertArrayEquals(withActs.c(l), without.c(l));
        }
        assertArrayEquals(withActs.gradientMean(), without.gradientMean());
        assertArrayEquals(withActs.gradientMeanSquare(), without.gradientMeanSquare());
        assertArrayEquals(withActs.baseTrace(), without.baseTrace());
    }

    /**
     * The Vector API kernel computes Adam-normalised features and moments with the same float operations
     * as the plain one (sqrt and division are exact IEEE operations; the log-scale input is the same scalar
     * call in both), so the two agree bit for bit; and the forward leaves the incoming state untouched, as
     * BPTT's replay from a checkpoint needs.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0, 10})
    void adamNormalisedFeaturesAreTheSameBitsInBothKernelsAndTheIncomingStateIsKept(double logScaleP) {
        Assumptions.assumeTrue(VectorApi.present(), "needs the Vector API kernel");
        LstmConfig config = new LstmConfig(2, 20,
                Preprocessing.adamNormalised().withLogScaleInput(logScaleP).withClamp(3), 0.1);
        int n = 1001;
        LstmWeights w = TestData.weights(config, 61);
        float[] gradient = TestData.gradients(n, 62);
        LstmState in = TestData.state(config, n, 63);
        LstmState inBefore = LstmState.zeros(config, n);
        inBefore.copyFrom(in);
        StepActivations plainActs = StepActivations.allocate(config, n);
        StepActivations vectorActs = StepActivations.allocate(config, n);
        LstmState plainOut = LstmState.zeros(config, n);
        LstmState vectorOut = LstmState.zeros(config, n);
        Kernels.plain(1).forward(w, gradient, in, plainOut, new float[n], plainActs);
        Kernels.vector(1).forward(w, gradient, in, vectorOut, new float[n], vectorActs);
        assertArrayEquals(plainActs.input, vectorActs.input, "features");
        assertArrayEquals(plainOut.gradientMean(), vectorOut.gradientMean(), "m");
        assertArrayEquals(plainOut.gradientMeanSquare(), vectorOut.gradientMeanSquare(), "v");
        assertArrayEquals(plainOut.baseTrace(), vectorOut.baseTrace(), "base trace");
        assertArrayEquals(plainOut.baseMeanSquare(), vectorOut.baseMeanSquare(), "base v");
        assertEquals(in.steps() + 1, vectorOut.steps(), "step count");
        assertArrayEquals(inBefore.gradientMean(), in.gradientMean(), "incoming m untouched");
        assertArrayEquals(inBefore.gradientMeanSquare(), in.gradientMeanSquare(), "incoming v untouched");
        assertEquals(inBefore.steps(), in.steps(), "incoming step count untouched");
    }

    private record Result(float[] update, LstmState out, LstmState dIn, float[] dWeights) {
    }

    private static Result step(LstmKernel kernel, LstmWeights w, float[] gradient, LstmState in, float[] dUpdate,
                               LstmState dOut) {
        LstmConfig config = w.config();
        int n = gradient.length;
        LstmState out = LstmState.zeros(config, n);
        float[] update = new float[n];
        StepActivations acts = StepActivations.allocate(config, n);
        kernel.forward(w, gradient, in, out, update, acts);
        LstmState dIn = LstmState.zeros(config, n);
        float[] dWeights = new float[config.parameterCount()];
        kernel.backward(w, acts, dUpdate, dOut, dIn, dWeights);
        return new Result(update, out, dIn, dWeights);
    }
}
