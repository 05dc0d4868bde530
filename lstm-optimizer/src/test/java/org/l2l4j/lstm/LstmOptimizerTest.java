package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LstmOptimizerTest {

    /**
     * 10 steps in float32 against 10 float64 reference steps fed the same gradients: the float error of
     * one step (~1e-7) is carried through the recurrent state, contracting (|f| < 1, |o| < 1), so 1e-5
     * relative to 1 + |ref| stays far from any real disagreement.
     */
    private static final double TOL = 1e-5;

    static List<LstmConfig> configs() {
        return List.of(LstmConfig.defaults(), new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1),
                LstmConfig.defaults().withBase(BaseStep.nesterov(0.3, 0.9)));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void multiStepRunEqualsRepeatedReferenceSteps(LstmConfig config) {
        int n = 301; // tiles plus a scalar remainder
        int steps = 10;
        LstmWeights w = TestData.weights(config, 51);
        LstmOptimizer optimizer = new LstmOptimizer(w, LstmKernel.create(2));
        LstmOptimizer.State state = optimizer.init(n);
        ReferenceLstm ref = new ReferenceLstm(config, ReferenceLstm.toDouble(w.values()));
        ReferenceLstm.State[] refState = new ReferenceLstm.State[n];
        for (int i = 0; i < n; i++) {
            refState[i] = ReferenceLstm.State.zeros(config);
        }
        float[] update = new float[n];
        for (int t = 0; t < steps; t++) {
            float[] gradient = TestData.gradients(n, 100 + t);
            optimizer.update(gradient, state, update);
            for (int i = 0; i < n; i++) {
                ReferenceLstm.Step step = ref.forward(gradient[i], refState[i]);
                refState[i] = step.out();
                assertEquals(step.update(), update[i], TOL * (1 + Math.abs(step.update())), "step " + t + " coordinate " + i);
            }
        }
        for (int i = 0; i < n; i++) {
            ReferenceLstm.State got = TestData.coordinate(state.current(), i);
            for (int l = 0; l < config.layers(); l++) {
                for (int j = 0; j < config.hidden(); j++) {
                    assertEquals(refState[i].c()[l][j], got.c()[l][j], TOL * (1 + Math.abs(refState[i].c()[l][j])));
                    assertEquals(refState[i].h()[l][j], got.h()[l][j], TOL);
                }
            }
            assertEquals(refState[i].mean(), got.mean(), TOL * Math.abs(refState[i].mean()), "m");
            assertEquals(refState[i].meanSquare(), got.meanSquare(), TOL * refState[i].meanSquare(), "v");
            assertEquals(refState[i].steps(), got.steps(), "step count");
            assertEquals(refState[i].trace(), got.trace(), TOL * (1 + Math.abs(refState[i].trace())), "base trace");
        }
    }

    @Test
    void withABaseStepTheInitialWeightsStartAsTheBaseStepAlone() {
        LstmConfig plain = LstmConfig.defaults();
        LstmConfig based = plain.withBase(BaseStep.nesterov(0.5, 0.9));
        float[] random = LstmWeights.initial(plain, 17).values();
        LstmWeights initial = LstmWeights.initial(based, 17);
        int out = initial.outputWeightOffset();
        // The LSTM layers are the usual random draw; only the output layer starts at 0.
        assertArrayEquals(Arrays.copyOf(random, out), Arrays.copyOf(initial.values(), out));
        assertTrue(IntStream.range(out, random.length).anyMatch(i -> random[i] != 0f),
                "without a base step the output layer keeps its random draw");
        assertArrayEquals(new float[random.length - out], Arrays.copyOfRange(initial.values(), out, random.length));

        int n = 64;
        LstmOptimizer learned = new LstmOptimizer(initial, Kernels.plain(1));
        LstmOptimizer baseOnly = new LstmOptimizer(LstmWeights.of(based, new float[based.parameterCount()]),
                Kernels.plain(1));
        LstmOptimizer.State learnedState = learned.init(n);
        LstmOptimizer.State baseState = baseOnly.init(n);
        java.util.SplittableRandom gradients = new java.util.SplittableRandom(3);
        float[] gradient = new float[n];
        float[] update = new float[n];
        float[] expected = new float[n];
        for (int t = 0; t < 5; t++) {
            for (int i = 0; i < n; i++) {
                gradient[i] = (float) gradients.nextGaussian();
            }
            learned.update(gradient, learnedState, update);
            baseOnly.update(gradient, baseState, expected);
            assertArrayEquals(expected, update, "step " + t);
        }
    }

    /**
     * With correction steps H the first H updates are bit for bit those of the same optimizer without a
     * limit; from step H + 1 on they are the base step alone (an optimizer with zero weights fed the same
     * gradients), the LSTM's h and c stay at step H's and the step count goes on.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void pastTheCorrectionStepsTheUpdateIsTheBaseStepAloneAndTheLstmStateStays(LstmKernel kernel) {
        int horizon = 3;
        LstmConfig unlimited = LstmConfig.defaults().withBase(BaseStep.nesterov(0.3, 0.9));
        LstmOptimizer always = new LstmOptimizer(TestData.weights(unlimited, 5), kernel);
        LstmOptimizer limited = always.withCorrectionSteps(horizon);
        assertEquals(horizon, limited.weights().config().base().correctionSteps());
        LstmOptimizer baseOnly = new LstmOptimizer(
                LstmWeights.of(unlimited, new float[unlimited.parameterCount()]), kernel);
        int n = 301; // tiles plus a scalar remainder
        LstmOptimizer.State alwaysState = always.init(n);
        LstmOptimizer.State limitedState = limited.init(n);
        LstmOptimizer.State baseState = baseOnly.init(n);
        float[] expected = new float[n];
        float[] base = new float[n];
        float[] update = new float[n];
        float[][] hAtHorizon = new float[unlimited.layers()][];
        float[][] cAtHorizon = new float[unlimited.layers()][];
        for (int t = 1; t <= horizon + 3; t++) {
            float[] gradient = TestData.gradients(n, 300 + t);
            always.update(gradient, alwaysState, expected);
            baseOnly.update(gradient, baseState, base);
            limited.update(gradient, limitedState, update);
            assertArrayEquals(t <= horizon ? expected : base, update, "step " + t);
            assertEquals(t, limitedState.current().steps(), "step count after step " + t);
            assertArrayEquals(baseState.current().baseTrace(), limitedState.current().baseTrace(), "trace, step " + t);
            for (int l = 0; l < unlimited.layers(); l++) {
                if (t == horizon) {
                    hAtHorizon[l] = limitedState.current().h(l).clone();
                    cAtHorizon[l] = limitedState.current().c(l).clone();
                } else if (t > horizon) {
                    assertArrayEquals(hAtHorizon[l], limitedState.current().h(l), "h, step " + t);
                    assertArrayEquals(cAtHorizon[l], limitedState.current().c(l), "c, step " + t);
                }
            }
        }
        assertTrue(Arrays.stream(new int[]{0, 1, 2}).allMatch(i -> expected[i] != base[i]),
                "the test's LSTM adds a non-zero correction, else the comparison above proves nothing");
    }

    @Test
    void pastTheCorrectionStepsThereAreNoActivationsToRecord() {
        LstmConfig config = LstmConfig.defaults().withBase(BaseStep.nesterov(0.3, 0.9).withCorrectionSteps(2));
        int n = 16;
        LstmState in = LstmState.zeros(config, n);
        in.setSteps(2);
        assertThrows(IllegalStateException.class, () -> Kernels.plain(1).forward(TestData.weights(config, 1),
                new float[n], in, LstmState.zeros(config, n), new float[n], StepActivations.allocate(config, n)));
    }

    @Test
    void correctionStepsNeedABaseStep() {
        LstmOptimizer paper = new LstmOptimizer(TestData.weights(LstmConfig.defaults(), 1), Kernels.plain(1));
        assertThrows(IllegalArgumentException.class, () -> paper.withCorrectionSteps(100));
    }

    static List<LstmKernel> kernels() {
        return List.of(Kernels.plain(1), LstmKernel.create(2));
    }

    @Test
    void isNamedLstmWithoutLearningRateAndKeepsItsOwnWeights() {
        LstmWeights w = LstmWeights.initial(LstmConfig.defaults(), 1);
        LstmOptimizer optimizer = new LstmOptimizer(w, Kernels.plain(1));
        assertEquals("lstm", optimizer.name());
        assertNull(optimizer.learningRate());
        float before = w.values()[0];
        w.values()[0] = before + 1; // the caller keeps changing its weights (e.g. meta-training)
        assertEquals(before, optimizer.weights().values()[0]);
    }
}
