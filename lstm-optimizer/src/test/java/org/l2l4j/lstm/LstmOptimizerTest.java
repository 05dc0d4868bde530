package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
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
        return List.of(LstmConfig.defaults(), new LstmConfig(2, 20, Preprocessing.adamNormalised(), 0.1));
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
        }
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
