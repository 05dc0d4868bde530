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
        assertRefused(() -> new Preprocessing(Preprocessing.Kind.LOG_SIGN, 10, 0.9, 0, 0, 0), "beta1 = 0.9");
        assertRefused(() -> new Preprocessing(Preprocessing.Kind.ADAM_NORMALISED, 5, 0.9, 0.9, 1e-8, 0), "p = 5.0");
    }

    private static void assertRefused(Runnable make, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        assertTrue(e.getMessage().contains(expected), "says \"" + expected + "\": " + e.getMessage());
    }
}
