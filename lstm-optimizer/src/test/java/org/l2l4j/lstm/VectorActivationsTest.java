package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The Vector API kernel's polynomial sigmoid and tanh against float64 java.lang.Math. */
class VectorActivationsTest {

    /**
     * Float32 cannot do better than half an ulp of the result (3e-8 near 0.5, 6e-8 near 1); the
     * polynomial's own error is 7.5e-8 relative, which sigmoid scales by at most 1/4 and tanh by 1/2.
     * 3e-7 absolute is the kernel's stated accuracy.
     */
    private static final double TOL = 3e-7;
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void sigmoidAndTanhAreWithinThreeTenMillionthsOfFloat64() {
        float[] z = new float[LANES];
        double worstSigmoid = 0;
        double worstTanh = 0;
        for (int step = -1_000_000; step <= 1_000_000; step += LANES) {
            for (int lane = 0; lane < LANES; lane++) {
                z[lane] = (step + lane) * 1e-4f; // [-100, 100] every 1e-4, through both clamps
            }
            float[] s = sigmoid(z);
            float[] t = tanh(z);
            for (int lane = 0; lane < LANES; lane++) {
                worstSigmoid = Math.max(worstSigmoid, Math.abs(s[lane] - 1 / (1 + Math.exp(-z[lane]))));
                worstTanh = Math.max(worstTanh, Math.abs(t[lane] - Math.tanh(z[lane])));
            }
        }
        assertTrue(worstSigmoid <= TOL, "sigmoid error " + worstSigmoid);
        assertTrue(worstTanh <= TOL, "tanh error " + worstTanh);
    }

    @Test
    void extremeArgumentsSaturateAndNaNStaysNaN() {
        float[] special = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -1e30f, Float.MAX_VALUE,
            -Float.MAX_VALUE, 87f, -87f, 0f, -0f, Float.MIN_VALUE, Float.NaN};
        double[] sigmoid = {1, 0, 1, 0, 1, 0, 1, 1.6458e-38, 0.5, 0.5, 0.5, Double.NaN};
        double[] tanh = {1, -1, 1, -1, 1, -1, 1, -1, 0, 0, 0, Double.NaN};
        for (int k = 0; k < special.length; k++) {
            float[] z = new float[LANES];
            java.util.Arrays.fill(z, special[k]);
            assertEquals(sigmoid[k], sigmoid(z)[0], 1e-7, "sigmoid(" + special[k] + ")");
            assertEquals(tanh[k], tanh(z)[0], 1e-7, "tanh(" + special[k] + ")");
        }
    }

    private static float[] sigmoid(float[] z) {
        float[] out = new float[LANES];
        VectorLstmKernel.sigmoid(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, z, 0)).intoArray(out, 0);
        return out;
    }

    private static float[] tanh(float[] z) {
        float[] out = new float[LANES];
        VectorLstmKernel.tanh(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, z, 0)).intoArray(out, 0);
        return out;
    }
}
