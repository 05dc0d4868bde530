package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The Vector API kernel's polynomial exp, sigmoid and tanh against float64 java.lang.Math. */
class VectorActivationsTest {

    /**
     * Float32 cannot do better than half an ulp of the result (3e-8 near 0.5, 6e-8 near 1); the
     * polynomial's own error is 5e-9 relative. 3e-7 absolute is the kernel's stated accuracy.
     */
    private static final double TOL = 3e-7;

    @Test
    void sigmoidAndTanhAreWithinThreeTenMillionthsOfFloat64() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] z = new float[lanes];
        float[] s = new float[lanes];
        float[] t = new float[lanes];
        double worstSigmoid = 0;
        double worstTanh = 0;
        double worstExp = 0;
        float[] e = new float[lanes];
        for (int step = -400_000; step <= 400_000; step += lanes) {
            for (int lane = 0; lane < lanes; lane++) {
                z[lane] = (step + lane) * 1e-4f; // [-40, 40] every 1e-4
            }
            FloatVector v = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, z, 0);
            VectorLstmKernel.sigmoid(v).intoArray(s, 0);
            VectorLstmKernel.tanh(v).intoArray(t, 0);
            VectorLstmKernel.exp(v).intoArray(e, 0);
            for (int lane = 0; lane < lanes; lane++) {
                worstSigmoid = Math.max(worstSigmoid, Math.abs(s[lane] - 1 / (1 + Math.exp(-z[lane]))));
                worstTanh = Math.max(worstTanh, Math.abs(t[lane] - Math.tanh(z[lane])));
                worstExp = Math.max(worstExp, Math.abs(e[lane] / Math.exp(z[lane]) - 1));
            }
        }
        assertTrue(worstSigmoid <= TOL, "sigmoid error " + worstSigmoid);
        assertTrue(worstTanh <= TOL, "tanh error " + worstTanh);
        assertTrue(worstExp <= 1e-6, "exp relative error " + worstExp);
    }
}
