package org.l2l4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedRatioTest {

    private static final double[] Y = {1.0, 1.2, 0.9, 1.1, 1.05, 0.95};
    private static final double[] X = {0.8, 1.1, 0.85, 0.9, 0.9, 0.7};

    /** The t statistic of the paired differences xᵢ − R·yᵢ: at each end of Fieller's interval it is ± t₀.₉₇₅. */
    private static double t(double r) {
        int k = X.length;
        double[] d = new double[k];
        double mean = 0;
        for (int i = 0; i < k; i++) {
            d[i] = X[i] - r * Y[i];
            mean += d[i] / k;
        }
        double squares = 0;
        for (double v : d) {
            squares += (v - mean) * (v - mean);
        }
        return mean / Math.sqrt(squares / (k - 1) / k);
    }

    @Test
    void intervalEndsAreWhereThePairedTTestJustRejects() {
        PairedRatio ratio = PairedRatio.of(X, Y);
        double t = MeanInterval.tQuantile975(X.length - 1);
        assertEquals((0.8 + 1.1 + 0.85 + 0.9 + 0.9 + 0.7) / (1.0 + 1.2 + 0.9 + 1.1 + 1.05 + 0.95), ratio.ratio(), 1e-15);
        // tolerance: the ends solve a quadratic in double precision
        assertEquals(t, t(ratio.lo()), 1e-9);
        assertEquals(-t, t(ratio.hi()), 1e-9);
        assertTrue(ratio.lo() < ratio.ratio() && ratio.ratio() < ratio.hi());
    }

    @Test
    void exactProportionCollapsesTheInterval() {
        double[] x = new double[Y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * Y[i];
        }
        PairedRatio ratio = PairedRatio.of(x, Y);
        assertEquals(2, ratio.ratio(), 1e-15);
        assertEquals(2, ratio.lo(), 1e-6);
        assertEquals(2, ratio.hi(), 1e-6);
    }

    @Test
    void denominatorNotApartFromZeroHasNoInterval() {
        PairedRatio ratio = PairedRatio.of(new double[] {1, 2, 3}, new double[] {-1, 0.2, 1});
        assertFalse(ratio.bounded());
        assertFalse(PairedRatio.of(new double[] {2}, new double[] {1}).bounded(), "one pair: no interval");
    }
}
