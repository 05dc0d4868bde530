package org.l2l4j.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NesterovTraceTest {

    private static final float MU = 0.9f;
    private static final int N = 23;

    /** The stage in float64: [out; b_out] for inputs g and b_in. */
    private static double[][] forward(double[] g, double[] traceIn) {
        double[] out = new double[g.length];
        double[] traceOut = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            traceOut[i] = MU * traceIn[i] + g[i];
            out[i] = g[i] + MU * traceOut[i];
        }
        return new double[][] {out, traceOut};
    }

    /** L = Σ a·out + c·b_out, whose derivatives with respect to out and b_out are a and c. */
    private static double loss(double[] g, double[] traceIn, double[] a, double[] c) {
        double[][] f = forward(g, traceIn);
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            sum += a[i] * f[0][i] + c[i] * f[1][i];
        }
        return sum;
    }

    /**
     * Central differences of the float64 stage; the stage is linear, so they are exact up to rounding,
     * and 1e-6 relative leaves room for the float32 backward's own rounding.
     */
    @Test
    void backwardMatchesCentralDifferencesOfTheForward() {
        Random random = new Random(5);
        double[] g = gaussians(random);
        double[] traceIn = gaussians(random);
        double[] a = gaussians(random);
        double[] c = gaussians(random);
        float[] dIn = floats(gaussians(random));
        float[] dInBefore = dIn.clone();
        float[] dTraceIn = new float[N];
        new NesterovTrace(MU).backward(floats(a), floats(c), dTraceIn, dIn);
        double h = 1e-3;
        for (int i = 0; i < N; i++) {
            double[] gPlus = g.clone();
            double[] gMinus = g.clone();
            gPlus[i] += h;
            gMinus[i] -= h;
            double dg = (loss(gPlus, traceIn, a, c) - loss(gMinus, traceIn, a, c)) / (2 * h);
            assertEquals(dg, dIn[i] - dInBefore[i], 1e-6 * (1 + Math.abs(dg)), "dL/dg, coordinate " + i + " (added)");
            double[] bPlus = traceIn.clone();
            double[] bMinus = traceIn.clone();
            bPlus[i] += h;
            bMinus[i] -= h;
            double db = (loss(g, bPlus, a, c) - loss(g, bMinus, a, c)) / (2 * h);
            assertEquals(db, dTraceIn[i], 1e-6 * (1 + Math.abs(db)), "dL/db_in, coordinate " + i);
        }
    }

    /** The float32 forward against the float64 one, and the trace kept apart from or in place of the incoming one. */
    @Test
    void forwardOnCallerOwnedTracesMatchesTheFloat64StageInPlaceOrNot() {
        Random random = new Random(6);
        double[] g = gaussians(random);
        double[] traceIn = gaussians(random);
        double[][] expected = forward(g, traceIn);
        NesterovTrace stage = new NesterovTrace(MU);
        float[] traceInFloats = floats(traceIn);
        float[] traceOut = new float[N];
        float[] out = new float[N];
        stage.apply(floats(g), traceInFloats, traceOut, out);
        for (int i = 0; i < N; i++) {
            assertEquals(expected[0][i], out[i], 1e-6 * (1 + Math.abs(expected[0][i])), "out " + i);
            assertEquals(expected[1][i], traceOut[i], 1e-6 * (1 + Math.abs(expected[1][i])), "trace " + i);
        }
        assertArrayEquals(floats(traceIn), traceInFloats, "the incoming trace is only read");
        float[] inPlace = floats(traceIn);
        float[] outInPlace = new float[N];
        stage.apply(floats(g), inPlace, outInPlace);
        assertArrayEquals(traceOut, inPlace);
        assertArrayEquals(out, outInPlace);
    }

    /** Gaussians that are floats, so that the float32 and the float64 side see the same inputs. */
    private static double[] gaussians(Random random) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
