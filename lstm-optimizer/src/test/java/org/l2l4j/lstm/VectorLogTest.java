package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorLogTest {

    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    private static float[] logs(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i + LANES <= x.length; i += LANES) {
            VectorLstmKernel.log(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(out, i);
        }
        return out;
    }

    private static float[] sweep() {
        float[] x = new float[LANES * 4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.pow(10, -30 + 60.0 * i / x.length); // 1e-30 .. 1e30, every binade
        }
        x[0] = 1f;
        x[1] = Math.nextUp(1f);
        x[2] = 1.41421356f;
        x[3] = Float.MIN_NORMAL;
        return x;
    }

    @Test
    void matchesStrictMathToAFewUlp() {
        float[] x = sweep();
        float[] y = logs(x);
        for (int i = 0; i < x.length; i++) {
            double exact = StrictMath.log(x[i]);
            // ~2 ulp of the result, or 1e-7 absolute where log x is near 0 (x near 1).
            double allowed = Math.max(3 * Math.ulp((float) exact), 1e-7);
            assertTrue(Math.abs(y[i] - exact) <= allowed, "log(" + x[i] + ") = " + y[i] + ", exact " + exact);
        }
    }

    @Test
    void givesTheSameBitsBeforeAndAfterTheJitCompilesIt() {
        float[] x = sweep();
        float[] cold = logs(x);
        for (int warm = 0; warm < 200; warm++) {
            logs(x);
        }
        assertArrayEquals(cold, logs(x), 0f);
    }
}
