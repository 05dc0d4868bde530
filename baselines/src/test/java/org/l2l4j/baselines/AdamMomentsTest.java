package org.l2l4j.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamMomentsTest {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;

    /** 1e-6 relative: float32 rounding of two products and a sum. */
    @Test
    void updatesOnlyItsRangeWithTheFloat64FormulaInPlaceOrNot() {
        int n = 19;
        int from = 4;
        int to = 15;
        Random random = new Random(8);
        float[] g = gaussians(random, n);
        float[] m = gaussians(random, n);
        float[] v = gaussians(random, n);
        for (int i = 0; i < n; i++) {
            v[i] = v[i] * v[i];
        }
        float[] mOut = new float[n];
        float[] vOut = new float[n];
        AdamMoments moments = new AdamMoments(BETA1, BETA2);
        moments.update(g, m, v, mOut, vOut, from, to);
        for (int i = 0; i < n; i++) {
            if (i < from || i >= to) {
                assertEquals(0f, mOut[i], "m outside the range, " + i);
                assertEquals(0f, vOut[i], "v outside the range, " + i);
                continue;
            }
            double mean = BETA1 * m[i] + (1 - BETA1) * g[i];
            double meanSquare = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            assertEquals(mean, mOut[i], 1e-6 * (1 + Math.abs(mean)), "m " + i);
            assertEquals(meanSquare, vOut[i], 1e-6 * (1 + meanSquare), "v " + i);
        }
        moments.update(g, m, v, m, v, from, to);
        assertArrayEquals(Arrays.copyOfRange(mOut, from, to), Arrays.copyOfRange(m, from, to));
        assertArrayEquals(Arrays.copyOfRange(vOut, from, to), Arrays.copyOfRange(v, from, to));
    }

    @Test
    void theBiasesAreOneMinusTheDecaysToTheStep() {
        AdamMoments moments = new AdamMoments(BETA1, BETA2);
        assertEquals(1 - BETA1, moments.meanBias(1), 1e-15);
        assertEquals(1 - Math.pow(BETA2, 7), moments.squareBias(7), 1e-15);
    }

    @Test
    void aDecayOutsideZeroToOneIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AdamMoments(1, BETA2));
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdamMoments(BETA1, -0.1));
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
    }

    private static float[] gaussians(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
