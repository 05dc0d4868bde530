package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

    @Test
    void adamNormalisedHasTwoInputsTwoStateFloatsAndRnnpropDefaults() {
        Preprocessing adam = Preprocessing.adamNormalised();
        assertEquals(Preprocessing.Kind.ADAM_NORMALISED, adam.kind());
        assertEquals(0.95, adam.beta1());
        assertEquals(0.95, adam.beta2());
        assertEquals(1e-8, adam.epsilon());
        assertEquals(2, adam.inputs());
        assertEquals(2, adam.stateFloats());
        assertEquals(0, Preprocessing.logSign(10).stateFloats());
        assertEquals(0, Preprocessing.raw().stateFloats());
        assertEquals(3.0, adam.withClamp(3).clamp());
        assertEquals(0.95, adam.withClamp(3).beta1(), "withClamp keeps the other parameters");
    }

    @Test
    void outOfRangeParametersAreRefusedByName() {
        assertRefused(() -> Preprocessing.adamNormalised(1, 0.95, 1e-8), "beta1: must be in [0, 1), got 1.0");
        assertRefused(() -> Preprocessing.adamNormalised(0.95, -0.1, 1e-8), "beta2: must be in [0, 1), got -0.1");
        assertRefused(() -> Preprocessing.adamNormalised(0.95, Double.NaN, 1e-8), "beta2: must be in [0, 1), got NaN");
        assertRefused(() -> Preprocessing.adamNormalised(0.95, 0.95, 0), "epsilon = 0.0");
        assertRefused(() -> Preprocessing.adamNormalised(0.95, 0.95, Double.POSITIVE_INFINITY), "epsilon = Infinity");
        assertRefused(() -> new Preprocessing(Preprocessing.Kind.LOG_SIGN, 10, 0.9, 0, 0, 0, 0, 0), "beta1 = 0.9");
        assertRefused(() -> Preprocessing.adamNormalised().withLogScaleInput(-1), "p: ADAM_NORMALISED preprocessing"
                + " needs 0 <= p <= 88.0 (0 = no log-scale input), got p = -1.0");
        assertRefused(() -> new Preprocessing(Preprocessing.Kind.RAW, 5, 0, 0, 0, 0, 0, 0), "p = 5.0");
        assertRefused(() -> Preprocessing.logSign(1e-39), "p: LOG_SIGN preprocessing divides by p, so 1/p must be a"
                + " finite float (p >= " + Preprocessing.MIN_P + "), got p = 1.0E-39");
        assertRefused(() -> Preprocessing.adamNormalised().withLogScaleInput(1e-39), "1/p must be a finite float");
        assertTrue(Float.isFinite((float) (1 / Preprocessing.logSign(Preprocessing.MIN_P).p())),
                "the bound itself is taken");
        assertRefused(() -> Preprocessing.logSign(10).withLogScaleInput(10), "needs ADAM_NORMALISED");
    }

    @Test
    void aLogScaleInputIsAThirdFeatureLogOfTheNormalisersDividedByP() {
        Preprocessing plain = Preprocessing.adamNormalised(0.9, 0.99, 1e-6);
        Preprocessing scaled = plain.withLogScaleInput(4);
        assertEquals(3, scaled.inputs());
        assertEquals(2, scaled.stateFloats(), "no state besides m and v");
        assertTrue(scaled.logScaleInput() && !plain.logScaleInput());
        InputFeatures features = new InputFeatures(scaled);
        features.startStep(3);
        float m = 0.02f;
        float v = 0.0009f;
        float[] x = new float[3];
        features.compute(0.05f, moments(m, v), 0, x);
        double denominator = Math.sqrt(v / (1 - Math.pow(0.99, 3))) + 1e-6;
        assertEquals(Math.log(denominator) / 4, x[2], 1e-6);
        float[] without = new float[3];
        InputFeatures two = new InputFeatures(plain);
        two.startStep(3);
        two.compute(0.05f, moments(m, v), 0, without);
        assertEquals(without[0], x[0], "the first two features are unchanged");
        assertEquals(without[1], x[1]);
        assertEquals(0f, without[2], "no third feature without p");
    }

    @Test
    void trainingProgressInputsFollowTheGradientsAndAreTanhOfTheStepOverHalfDecades() {
        Preprocessing pre = Preprocessing.logSign(10).withStepFeatures(3);
        assertEquals(5, pre.inputs());
        assertEquals(2, pre.gradientInputs());
        assertEquals(0, pre.stateFloats(), "the step count is the state's, not a float per coordinate");
        assertTrue(new LstmConfig(2, 20, pre, 0.1).countsSteps(), "the inputs read the step count");
        assertEquals(3, Preprocessing.adamNormalised().withStepFeatures(3).withClamp(2).withLogScaleInput(4)
                .stepFeatures(), "the other withers keep them");
        InputFeatures features = new InputFeatures(pre);
        float[] x = new float[5];
        for (int t : new int[] {1, 10, 100, 1000}) {
            features.startStep(t);
            features.compute(0.5f, moments(0, 0), 0, x);
            assertEquals(Math.log(0.5) / 10, x[0], 1e-6, "the gradient's features first");
            assertEquals(1f, x[1]);
            double[] timescales = {10, Math.sqrt(1000), 100};
            for (int j = 0; j < 3; j++) {
                assertEquals(Math.tanh(t / timescales[j] - 1), x[2 + j], 1e-6, "step " + t + ", input " + j);
            }
        }
        InputFeatures clamped = new InputFeatures(pre.withClamp(0.5));
        clamped.startStep(1000);
        clamped.compute(0.5f, moments(0, 0), 0, x);
        assertEquals(0.5f, x[4], "clamped like every feature");
        assertRefused(() -> Preprocessing.raw().withStepFeatures(-1), "stepFeatures: must be in [0, 8]");
        assertRefused(() -> Preprocessing.raw().withStepFeatures(9), "got 9");
    }

    @Test
    void momentumInputsAreFurtherBiasCorrectedMeansOverTheSameRootMeanSquare() {
        Preprocessing pre = Preprocessing.adamNormalised(0.9, 0.99, 1e-6).withLogScaleInput(4).withMomentumFeatures(2)
                .withStepFeatures(1);
        assertEquals(6, pre.inputs(), "m̂, g, log-scale, two momenta, one step input");
        assertEquals(5, pre.gradientInputs());
        assertEquals(4, pre.stateFloats(), "m, v and the two momenta");
        assertEquals(0.9, Preprocessing.momentumDecay(0), 1e-15);
        assertEquals(1 - 1 / Math.sqrt(1000), Preprocessing.momentumDecay(1), 1e-15);
        InputFeatures features = new InputFeatures(pre);
        features.startStep(4);
        InputFeatures.Moments moments = new InputFeatures.Moments(3, 2);
        moments.meanSquare[1] = 0.0009f;
        moments.mean[1] = 0.02f;
        moments.momenta[1] = -0.01f;          // momentum 0, coordinate 1
        moments.momenta[3 + 1] = 0.005f;      // momentum 1, coordinate 1
        float[] x = new float[6];
        features.compute(0.05f, moments, 1, x);
        double denominator = Math.sqrt(0.0009 / (1 - Math.pow(0.99, 4))) + 1e-6;
        assertEquals(-0.01 / (1 - Math.pow(0.9, 4)) / denominator, x[3], 1e-5);
        assertEquals(0.005 / (1 - Math.pow(Preprocessing.momentumDecay(1), 4)) / denominator, x[4], 1e-5);
        assertEquals(Math.tanh(4 / 10.0 - 1), x[5], 1e-6, "the step input last");
        assertRefused(() -> Preprocessing.logSign(10).withMomentumFeatures(1), "momentumFeatures: momentum inputs"
                + " need ADAM_NORMALISED preprocessing");
        assertRefused(() -> Preprocessing.adamNormalised().withMomentumFeatures(8), "must be in [0, 7]");
    }

    /** Moments of one coordinate, m and v. */
    private static InputFeatures.Moments moments(float m, float v) {
        InputFeatures.Moments moments = new InputFeatures.Moments(1, 0);
        moments.mean[0] = m;
        moments.meanSquare[0] = v;
        return moments;
    }

    private static void assertRefused(Runnable make, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        assertTrue(e.getMessage().contains(expected), "says \"" + expected + "\": " + e.getMessage());
    }
}
